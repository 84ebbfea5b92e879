import { createHash } from 'node:crypto';
import type { Finding, FindingDraft } from './finding.js';

/** Collapses whitespace so that re-indenting a block does not change a fingerprint. */
export function normaliseSnippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What identifies a finding apart from its line: the rule, the file, and the resource or else the snippet. */
export function fingerprintKey(draft: Pick<FindingDraft, 'ruleId' | 'location' | 'resource' | 'snippet'>): string {
  const anchor = draft.resource?.trim() || normaliseSnippet(draft.snippet ?? '');
  return ['v1', draft.ruleId.toLowerCase(), draft.location.file, anchor].join('\u0000');
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Adds fingerprints, in place (the drafts become the findings; large scans are not copied). Findings that share a
 * key (the same rule on the same resource twice) are told apart by their order in the file, which survives lines
 * being inserted above them.
 */
export function withFingerprints(drafts: FindingDraft[]): Finding[] {
  const groups = new Map<string, number[]>();
  drafts.forEach((draft, index) => {
    const key = fingerprintKey(draft);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  const fingerprints = new Array<string>(drafts.length);
  for (const [key, indexes] of groups) {
    if (indexes.length === 1) {
      fingerprints[indexes[0]!] = hash(key);
      continue;
    }
    const ordered = [...indexes].sort(
      (a, b) => (drafts[a]!.location.startLine ?? 0) - (drafts[b]!.location.startLine ?? 0) || a - b,
    );
    ordered.forEach((index, occurrence) => {
      fingerprints[index] = hash(occurrence === 0 ? key : `${key}\u0000${occurrence}`);
    });
  }
  return drafts.map((draft, index) => Object.assign(draft, { fingerprint: fingerprints[index]! }) as Finding);
}
