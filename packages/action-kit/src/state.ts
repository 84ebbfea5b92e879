import { fileCommand } from './protocol.js';

/** Saves a JSON value for the post step (GITHUB_STATE); it is never printed. */
export function saveState(key: string, value: unknown): void {
  fileCommand('GITHUB_STATE', key, JSON.stringify(value));
}

/** Loads what main saved (the runner passes it as STATE_<key>), or undefined when main saved nothing. */
export function loadState<T>(key: string): T | undefined {
  const raw = process.env[`STATE_${key}`];
  if (!raw) return undefined;
  return JSON.parse(raw) as T;
}
