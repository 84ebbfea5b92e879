import { issueCommand } from './protocol.js';

/** Registers a secret with the runner so every later log line shows *** in its place; each line of a multi-line secret too. */
export function mask(value: string | undefined): void {
  if (!value) return;
  issueCommand('add-mask', {}, value);
  for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) issueCommand('add-mask', {}, line.trim());
}

/** Replaces the user and password of a URL (a proxy with basic auth, say) so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = parsed.username ? '***' : '';
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//***:***@');
  }
}

/** Replaces every occurrence of each secret in a text; for text the runner never sees (files, reports). */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) if (secret && secret.length >= 4) result = result.split(secret).join('***');
  return result;
}
