/**
 * A CloudFormation template (YAML with the short-form intrinsic tags, or JSON) read into a small tree that keeps
 * every node's place in the source text, so findings can say file, line and column, and rewrites can edit the text
 * at exactly those places instead of re-serialising the template (comments and formatting stay as they are).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type ScalarTag } from 'yaml';
import type { CollectionTag } from 'yaml';

export type TemplateFormat = 'yaml' | 'json';
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

interface NodeBase {
  /** Offset of the node's first character in the source (after its tag, when it has one). */
  start: number;
  /** Offset just after the node's last character. */
  end: number;
  /** The intrinsic function a short-form tag stands for (`!Sub` → `Fn::Sub`, `!Ref` → `Ref`). */
  tag?: string;
  /** Any other YAML tag on the node (`!!str`, a custom one): a second tag cannot be put before it. */
  otherTag?: string;
  /** Inside a flow collection (`[...]`, `{...}`, and all of JSON), where `{`, `}`, `[`, `]` and `,` are syntax. */
  inFlow: boolean;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  style: ScalarStyle;
}

export interface MapEntry {
  key: string;
  keyStart: number;
  value: TemplateNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: TemplateNode[];
}

export type TemplateNode = ScalarNode | MapNode | SeqNode;

export interface Template {
  file: string;
  format: TemplateFormat;
  text: string;
  root: TemplateNode;
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number };
}

export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
  }
}

/** The short-form tags of the CloudFormation user guide's intrinsic function reference, and what they stand for. */
export const SHORT_TAGS: Readonly<Record<string, string>> = {
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/** Every intrinsic function name, long form (the key of a one-entry map). */
export const INTRINSIC_NAMES: ReadonlySet<string> = new Set(Object.values(SHORT_TAGS));

/** The tags resolve to their node unchanged: the tree below reads the tag name from the node. */
const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value as never },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value as never },
]);

const STYLES: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

function tagOf(node: { tag?: string | undefined }): { tag?: string; otherTag?: string } {
  if (node.tag === undefined) return {};
  const fn = SHORT_TAGS[node.tag];
  return fn === undefined ? { otherTag: node.tag } : { tag: fn };
}

function convert(node: Node | null | undefined, inFlow: boolean, fallbackOffset: number): TemplateNode {
  if (node === null || node === undefined || isAlias(node)) {
    return { kind: 'scalar', value: null, style: 'plain', start: fallbackOffset, end: fallbackOffset, inFlow };
  }
  const [start, end] = node.range ?? [fallbackOffset, fallbackOffset];
  if (isScalar(node)) {
    const value = node.value;
    return {
      kind: 'scalar',
      value:
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : String(value),
      style: STYLES[String(node.type)] ?? 'plain',
      start,
      end,
      inFlow,
      ...tagOf(node),
    };
  }
  if (isMap(node)) {
    const flow = inFlow || Boolean(node.flow);
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const keyStart = key?.range?.[0] ?? start;
      const keyText = isScalar(key) ? String(key.value) : '';
      entries.push({ key: keyText, keyStart, value: convert(pair.value as Node | null, flow, key?.range?.[2] ?? end) });
    }
    return { kind: 'map', entries, start, end, inFlow, ...tagOf(node) };
  }
  if (isSeq(node)) {
    const flow = inFlow || Boolean(node.flow);
    const items = node.items.map((item) => convert(item as Node | null, flow, end));
    return { kind: 'seq', items, start, end, inFlow, ...tagOf(node) };
  }
  return { kind: 'scalar', value: null, style: 'plain', start, end, inFlow };
}

/** JSON templates start with `{`; everything else is read as YAML. */
export function formatOf(text: string): TemplateFormat {
  return /^\s*\{/.test(text.replace(/^\uFEFF/, '')) ? 'json' : 'yaml';
}

/** Reads a template; throws TemplateSyntaxError with the file, line and column of the first syntax error. */
export function parseTemplate(text: string, file: string): Template {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    customTags: CUSTOM_TAGS,
    lineCounter,
    uniqueKeys: true,
    strict: false,
    prettyErrors: false,
  });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const error = document.errors[0];
  if (error) {
    const { line, column } = position(error.pos[0]);
    throw new TemplateSyntaxError(error.message.split('\n')[0] ?? error.message, file, line, column);
  }
  const format = formatOf(text);
  return { file, format, text, root: convert(document.contents, format === 'json', 0), position };
}

/** The entry of a map by key. */
export function entryOf(node: TemplateNode | undefined, key: string): MapEntry | undefined {
  return node?.kind === 'map' ? node.entries.find((entry) => entry.key === key) : undefined;
}

/** The value of a map entry by key. */
export function valueOf(node: TemplateNode | undefined, key: string): TemplateNode | undefined {
  return entryOf(node, key)?.value;
}

/** A plain string value, or undefined for anything else (numbers, intrinsics, collections). */
export function stringOf(node: TemplateNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.tag === undefined && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * The intrinsic function a node is, in either form: a tagged node (`!Sub x`) or a map with one intrinsic key
 * (`{"Fn::Sub": x}`). The argument of the tagged form is the node itself without its tag.
 */
export function intrinsicOf(node: TemplateNode | undefined): { fn: string; argument: TemplateNode } | undefined {
  if (node === undefined) return undefined;
  if (node.tag !== undefined) {
    const { tag, ...argument } = node;
    return { fn: tag, argument: argument as TemplateNode };
  }
  if (node.kind === 'map' && node.entries.length === 1) {
    const [entry] = node.entries;
    if (entry && INTRINSIC_NAMES.has(entry.key)) return { fn: entry.key, argument: entry.value };
  }
  return undefined;
}
