/**
 * Reads a large JSON document whose bulk is one top-level array (Trivy's `Results`, tfsec's `results`) without
 * building the whole object graph at once: the rest of the document is parsed on its own (the "shell", with that
 * array left empty), and the array's elements are parsed a batch at a time, so the caller can convert each element
 * and let the raw objects die young.
 *
 * The scanner below only finds where things are; JSON.parse still checks every character. The shell and every batch
 * are parsed, and the commas between batches are checked here, so the document is valid JSON exactly when every
 * piece parses. When the document does not have the expected shape (no such key, the key twice, not an array, not an
 * object at the top), `streamTopLevelArray` returns undefined and the caller parses the whole text as before.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Elements are parsed in batches of about this many characters (one JSON.parse call per element is slower). */
const BATCH_CHARS = 64 * 1024;

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipWhitespace(text: string, at: number): number {
  while (at < text.length && isJsonWhitespace(text.charCodeAt(at))) at++;
  return at;
}

/** `at` is an opening quote; returns the index after the closing quote, or -1 when the string never ends. */
function skipString(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * `at` starts a value; returns the index after it, or -1 when its end cannot be found. Brackets are counted without
 * checking that they pair up: JSON.parse does that later.
 */
function skipValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return skipString(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let end = at;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isJsonWhitespace(code)) break;
      end++;
    }
    return end > at ? end : -1;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = skipString(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Where the array's elements are: [start, end) of each, in order, and the index of the array's `]`. */
interface ArrayLayout {
  elements: number[];
  close: number;
}

/** `open` is the array's `[`; undefined when its elements are not cleanly separated by single commas. */
function layoutOfArray(text: string, open: number): ArrayLayout | undefined {
  const elements: number[] = [];
  let at = skipWhitespace(text, open + 1);
  if (text.charCodeAt(at) === CLOSE_BRACKET) return { elements, close: at };
  for (;;) {
    const end = skipValue(text, at);
    if (end < 0) return undefined;
    elements.push(at, end);
    at = skipWhitespace(text, end);
    const code = text.charCodeAt(at);
    if (code === CLOSE_BRACKET) return { elements, close: at };
    if (code !== COMMA) return undefined;
    at = skipWhitespace(text, at + 1); // an empty element (`,,` or `,]`) is refused by skipValue
  }
}

interface TopLevelValue {
  key: string;
  /** Where the value starts and ends ([start, end)). */
  at: number;
  end: number;
  /** The elements' layout, for an array under one of the keys asked for. */
  layout?: ArrayLayout;
}

/**
 * The top-level keys and where their values are, or undefined when the document is not a plain object. Arrays under
 * `keys` are laid out element by element as they are passed (the bulk of the text is scanned once).
 */
function topLevelValues(text: string, keys: readonly string[]): TopLevelValue[] | undefined {
  const values: TopLevelValue[] = [];
  let at = skipWhitespace(text, 0);
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  at = skipWhitespace(text, at + 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return values;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) return undefined;
    const keyEnd = skipString(text, at);
    if (keyEnd < 0) return undefined;
    let key: unknown;
    try {
      key = JSON.parse(text.slice(at, keyEnd));
    } catch {
      return undefined;
    }
    at = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(at) !== COLON) return undefined;
    at = skipWhitespace(text, at + 1);
    let value: TopLevelValue;
    if (keys.includes(key as string) && text.charCodeAt(at) === OPEN_BRACKET) {
      const layout = layoutOfArray(text, at);
      if (!layout) return undefined;
      value = { key: key as string, at, end: layout.close + 1, layout };
    } else {
      const end = skipValue(text, at);
      if (end < 0) return undefined;
      value = { key: key as string, at, end };
    }
    values.push(value);
    at = skipWhitespace(text, value.end);
    const code = text.charCodeAt(at);
    if (code === CLOSE_BRACE) return values;
    if (code !== COMMA) return undefined;
    at = skipWhitespace(text, at + 1);
  }
}

/** A document read as its shell plus the elements of one top-level array. */
export interface StreamedDocument {
  /** Which of the keys asked for holds the array. */
  key: string;
  /** The document parsed with that array empty (`[]`): every other key and value as JSON.parse gives them. */
  shell: unknown;
  /** The array's elements in order, parsed a batch at a time. Throws SyntaxError when a batch is not valid JSON. */
  elements(): Generator<unknown>;
}

/**
 * Splits `text` into the shell and the elements of the array under exactly one of `keys` at the top level. Returns
 * undefined when the document has another shape (then parse it whole). Throws SyntaxError when the shell is not
 * valid JSON.
 */
export function streamTopLevelArray(text: string, keys: readonly string[]): StreamedDocument | undefined {
  const values = topLevelValues(text, keys);
  if (!values) return undefined;
  const candidates = values.filter((v) => keys.includes(v.key));
  const found = candidates[0];
  if (candidates.length !== 1 || !found?.layout) return undefined;
  const { layout } = found;
  const shell: unknown = JSON.parse(text.slice(0, found.at + 1) + text.slice(layout.close));
  return { key: found.key, shell, elements: () => batches(text, layout.elements) };
}

function* batches(text: string, bounds: readonly number[]): Generator<unknown> {
  for (let first = 0; first < bounds.length;) {
    const start = bounds[first]!;
    let last = first;
    while (last + 2 < bounds.length && bounds[last + 1]! - start < BATCH_CHARS) last += 2;
    const parsed = JSON.parse(`[${text.slice(start, bounds[last + 1]!)}]`) as unknown[];
    yield* parsed;
    first = last + 2;
  }
}
