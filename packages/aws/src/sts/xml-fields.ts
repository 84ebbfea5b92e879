/**
 * Just enough XML to read AWS Query-protocol answers: elements (namespace prefixes dropped), their text with the
 * five predefined entities and character references decoded, CDATA, and comments, processing instructions and a
 * DOCTYPE skipped. No DTD is ever expanded, so no entity can reach outside the document or blow up in size.
 */

export interface XmlElement {
  /** Local name, without a namespace prefix. */
  name: string;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes &lt; &gt; &amp; &quot; &apos; and &#NN; / &#xHH; references; any other entity is left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[entity] ?? whole;
  });
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^<>[]|\[[\s\S]*?\])*>|<\/([^\s<>/]+)\s*>|<([^\s<>/!?]+)((?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|[^<]+|</g;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Parses a document into its root element; throws XmlSyntaxError on a document that is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(xml); match; match = TOKEN.exec(xml)) {
    const [token, cdata, closing, opening, , selfClosing] = match;
    const current = stack[stack.length - 1];
    if (opening !== undefined) {
      if (!current && root) throw new XmlSyntaxError('XML has more than one root element.');
      const element: XmlElement = { name: localName(opening), children: [], text: '' };
      if (current) current.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
    } else if (closing !== undefined) {
      if (!current || current.name !== localName(closing)) {
        throw new XmlSyntaxError(`XML closes <${closing}> where ${current ? `<${current.name}>` : 'nothing'} is open.`);
      }
      stack.pop();
    } else if (cdata !== undefined) {
      if (!current) throw new XmlSyntaxError('XML has CDATA outside the root element.');
      current.text += cdata;
    } else if (token === '<') {
      throw new XmlSyntaxError('XML has a "<" that starts no tag.');
    } else if (!token.startsWith('<')) {
      if (current) current.text += decodeEntities(token);
      else if (token.trim()) throw new XmlSyntaxError('XML has text outside the root element.');
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`XML ends inside <${stack[stack.length - 1]!.name}>.`);
  if (!root) throw new XmlSyntaxError('XML has no root element.');
  return root;
}

/** The first child element at the end of a path of local names: `find(root, 'Error', 'Code')`. */
export function find(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let found = element;
  for (const name of path) found = found?.children.find((child) => child.name === name);
  return found;
}

/** The text of the element at the path, or undefined when there is no such element. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  return find(element, ...path)?.text;
}
