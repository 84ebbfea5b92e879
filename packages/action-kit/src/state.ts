import * as core from '@actions/core';

/** Saves a JSON value for the post step (GITHUB_STATE); it is never printed. */
export function saveState(key: string, value: unknown): void {
  core.saveState(key, JSON.stringify(value));
}

/** Loads what main saved, or undefined when main saved nothing under that key (it failed early, say). */
export function loadState<T>(key: string): T | undefined {
  const raw = core.getState(key);
  if (!raw) return undefined;
  return JSON.parse(raw) as T;
}
