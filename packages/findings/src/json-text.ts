/** Characters JSON.stringify writes as escapes: quote, backslash, controls, and surrogates (when unpaired). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)` for a string, faster for the usual text with nothing to escape: the report writers call it
 * about ten times per finding. Anything with a character that might need an escape goes to JSON.stringify.
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
