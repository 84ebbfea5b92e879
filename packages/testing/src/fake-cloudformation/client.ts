/**
 * A client for tests to drive and read the fake (or any Query endpoint): requests signed with packages/aws's signer,
 * XML answers read into plain objects. A test tool, not the action's client.
 */
import { signRequest } from '@aws-delivery/aws/signing';

export type XmlNode = string | { [name: string]: XmlNode } | XmlNode[];

/** A small reader for AWS's XML answers: elements become fields, `<member>` lists become arrays. */
export function readXml(text: string): XmlNode {
  const tokens = text.replace(/<\?xml[^>]*\?>/, '').match(/<[^>]+>|[^<]+/g) ?? [];
  const unescape = (value: string) =>
    value.replace(
      /&(lt|gt|amp|apos|quot|#13);/g,
      (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"', '#13': '\r' })[name] ?? '',
    );
  let index = 0;
  const element = (): { name: string; value: XmlNode } => {
    const open = tokens[index++] ?? '';
    const name = /^<([^\s/>]+)/.exec(open)?.[1] ?? '';
    if (open.endsWith('/>')) return { name, value: '' };
    const children: { name: string; value: XmlNode }[] = [];
    let textValue = '';
    while (index < tokens.length && !tokens[index]?.startsWith('</')) {
      if (tokens[index]?.startsWith('<')) children.push(element());
      else textValue += unescape(tokens[index++] ?? '');
    }
    index += 1;
    if (children.length === 0) return { name, value: textValue };
    if (children.every((child) => child.name === 'member'))
      return { name, value: children.map((child) => child.value) };
    return { name, value: Object.fromEntries(children.map((child) => [child.name, child.value])) };
  };
  const root = element();
  return { [root.name]: root.value };
}

export interface QueryAnswer {
  status: number;
  body: string;
  /** The action's Result element, or the Error element. */
  result: Record<string, XmlNode>;
  error?: { Code: string; Message: string; Type: string };
}

export function queryClient(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region = 'cn-north-1',
) {
  return async function call(action: string, fields: Record<string, string> = {}): Promise<QueryAnswer> {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-15', ...fields }).toString();
    const url = new URL(`${endpoint}/`);
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    };
    Object.assign(
      headers,
      signRequest({ method: 'POST', url, headers, body, service: 'cloudformation', region, credentials }),
    );
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    const xml = readXml(text) as Record<string, Record<string, XmlNode>>;
    const [root] = Object.values(xml);
    if (!response.ok) {
      return { status: response.status, body: text, result: {}, error: (root?.Error ?? {}) as QueryAnswer['error'] };
    }
    return {
      status: response.status,
      body: text,
      result: (root?.[`${action}Result`] ?? {}) as Record<string, XmlNode>,
    };
  };
}

/** `Name.member.N.Field` form fields from a list of records. */
export function members(name: string, items: Record<string, string>[]): Record<string, string> {
  const out: Record<string, string> = {};
  items.forEach((item, index) => {
    for (const [field, value] of Object.entries(item)) out[`${name}.member.${index + 1}.${field}`] = value;
  });
  return out;
}
