/** XML text for stub answers: hostile text kept intact, CR included (an XML parser turns a raw CR into LF). */
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An AWS Query API error body (STS, CloudFormation) with this code and message. */
export function queryError(code: string, message: string, type = 'Sender'): string {
  return (
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type>` +
    `<Code>${xmlText(code)}</Code><Message>${xmlText(message)}</Message></Error>` +
    '<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>'
  );
}
