/**
 * Checks a JUnit XML document against the element rules of fixtures/junit-10.xsd (Jenkins' schema): which
 * elements may appear in which, which attributes each may carry, which are required, and the SUREFIRE_TIME
 * pattern of `time` on suites. The rules are read from the XSD itself, not transcribed. Test helper only.
 */
import { readFileSync } from 'node:fs';

interface ElementRule {
  attributes: Map<string, { required: boolean; type: string }>;
  children: Set<string>;
  /** Carries text (mixed content or xs:string). */
  text: boolean;
}

const XSD = readFileSync(new URL('./fixtures/junit-10.xsd', import.meta.url), 'utf8');

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) attributes.set(match[1] ?? '', match[2] ?? '');
  return attributes;
}

/** Top-level <xs:element name="…"> blocks of the schema, and the SUREFIRE_TIME pattern. */
function readSchema(): { rules: Map<string, ElementRule>; timePattern: RegExp } {
  const rules = new Map<string, ElementRule>();
  const body = XSD.replace(/<!--[\s\S]*?-->/g, '');
  const blocks = body.split(/\n {4}(?=<xs:(?:element|simpleType|complexType) )/).slice(1);
  for (const block of blocks) {
    const head = /^<xs:element ([^>]*?)\/?>/.exec(block);
    if (!head) continue;
    const headAttributes = attributesOf(head[1] ?? '');
    const name = headAttributes.get('name') ?? '';
    const rule: ElementRule = {
      attributes: new Map(),
      children: new Set(),
      text: headAttributes.get('type') === 'xs:string' || /mixed="true"/.test(block),
    };
    for (const match of block.matchAll(/<xs:attribute ([^>]*?)\/>/g)) {
      const a = attributesOf(match[1] ?? '');
      rule.attributes.set(a.get('name') ?? '', { required: a.get('use') === 'required', type: a.get('type') ?? '' });
    }
    for (const match of block.matchAll(/<xs:element ref="([^"]+)"/g)) rule.children.add(match[1] ?? '');
    rules.set(name, rule);
  }
  const pattern = /<xs:simpleType name="SUREFIRE_TIME">[\s\S]*?<xs:pattern value="([^"]+)"/.exec(body)?.[1] ?? '';
  return { rules, timePattern: new RegExp(`^(?:${pattern})$`) };
}

const SCHEMA = readSchema();

/** The problems found (empty when the document fits the schema). */
export function junitSchemaProblems(xml: string): string[] {
  const problems: string[] = [];
  const { rules, timePattern } = SCHEMA;
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) problems.push('no XML declaration');
  const stack: string[] = [];
  const tokens = xml
    .replace(/^<\?xml[^>]*\?>/, '')
    .matchAll(/<(\/?)([\w-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g);
  let roots = 0;
  for (const [, closing, name = '', attributeText = '', selfClosing, text, stray] of tokens) {
    if (stray) {
      problems.push('a < that opens no tag');
      continue;
    }
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text))
        problems.push(`an unescaped & in text "${text.slice(0, 40)}"`);
      if (text.trim() && !(stack.length && rules.get(stack.at(-1) ?? '')?.text))
        problems.push(`text in <${stack.at(-1) ?? 'document'}>`);
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
      continue;
    }
    const rule = rules.get(name);
    const parent = stack.at(-1);
    if (!rule) problems.push(`<${name}> is not in the schema`);
    else if (parent === undefined) {
      roots++;
      if (name !== 'testsuites' && name !== 'testsuite') problems.push(`<${name}> cannot be the root`);
    } else if (!rules.get(parent)?.children.has(name)) problems.push(`<${name}> cannot be inside <${parent}>`);
    const attributes = attributesOf(attributeText);
    for (const [attribute, value] of attributes) {
      const declared = rule?.attributes.get(attribute);
      if (!declared) problems.push(`<${name}> has no attribute ${attribute}`);
      else if (declared.type === 'SUREFIRE_TIME' && !timePattern.test(value))
        problems.push(`<${name} ${attribute}="${value}"> is not a SUREFIRE_TIME`);
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(value))
        problems.push(`an unescaped & in ${name}@${attribute}`);
    }
    for (const [attribute, declared] of rule?.attributes ?? []) {
      if (declared.required && !attributes.has(attribute))
        problems.push(`<${name}> lacks required attribute ${attribute}`);
    }
    if (!selfClosing) stack.push(name);
  }
  if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
