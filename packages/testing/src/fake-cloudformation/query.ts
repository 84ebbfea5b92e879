/**
 * The AWS Query protocol as CloudFormation speaks it: a form-encoded POST with `Action` and `Version=2010-05-15`,
 * lists as `Name.member.N`, and XML answers in the 2010-05-15 namespace; errors as `<ErrorResponse>` with a Type,
 * Code and Message (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html).
 */
export const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export class CloudFormationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export function validationError(message: string): CloudFormationError {
  return new CloudFormationError('ValidationError', message);
}

/** The request's parameters, in order; `+` is a space, as in any form body. */
export class QueryParameters {
  private readonly values = new Map<string, string>();

  constructor(body: string) {
    for (const [key, value] of new URLSearchParams(body)) this.values.set(key, value);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') {
      throw validationError(
        `1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  }

  flag(name: string): boolean | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : value.toLowerCase() === 'true';
  }

  /** `Name.member.1`, `Name.member.2`… */
  list(name: string): string[] {
    const out: string[] = [];
    for (let index = 1; this.values.has(`${name}.member.${index}`); index += 1) {
      out.push(this.values.get(`${name}.member.${index}`) ?? '');
    }
    return out;
  }

  /** `Name.member.N.Field` structures, as records of their fields. */
  structures(name: string): Record<string, string>[] {
    const out: Record<string, string>[] = [];
    for (let index = 1; ; index += 1) {
      const prefix = `${name}.member.${index}.`;
      const fields: Record<string, string> = {};
      for (const [key, value] of this.values) if (key.startsWith(prefix)) fields[key.slice(prefix.length)] = value;
      if (Object.keys(fields).length === 0) return out;
      out.push(fields);
    }
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"\r]/g, (char) =>
    char === '<'
      ? '&lt;'
      : char === '>'
        ? '&gt;'
        : char === '&'
          ? '&amp;'
          : char === "'"
            ? '&apos;'
            : char === '"'
              ? '&quot;'
              : '&#13;',
  );
}

export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [name: string]: XmlValue };

/** An element per field; lists as `<member>` elements; undefined fields left out. */
export function xml(fields: Record<string, XmlValue>): string {
  return Object.entries(fields)
    .map(([name, value]) => element(name, value))
    .join('');
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${xml(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function responseXml(action: string, result: Record<string, XmlValue> | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${xml(result)}</${action}Result>`;
  return (
    `<${action}Response xmlns="${XMLNS}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorXml(error: CloudFormationError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
