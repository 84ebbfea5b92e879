import crypto from 'node:crypto';
import type { Finding, FindingDraft } from './finding.js';

/** Collapses whitespace so that re-indenting a block does not change a fingerprint. */
export function normaliseSnippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What identifies a finding apart from its line: the rule, the file, and the resource or else the snippet. */
export function fingerprintKey(draft: Pick<FindingDraft, 'ruleId' | 'location' | 'resource' | 'snippet'>): string {
  const anchor = draft.resource?.trim() || normaliseSnippet(draft.snippet ?? '');
  return `v1\u0000${draft.ruleId.toLowerCase()}\u0000${draft.location.file}\u0000${anchor}`;
}

/** SHA-256 in hex, first 32 digits. `crypto.hash` (Node >= 20.12) is several times faster than a Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

function hash(text: string): string {
  return sha256Hex(text).slice(0, 32);
}

/**
 * Adds fingerprints, in place (the drafts become the findings; large scans are not copied). Findings that share a
 * key (the same rule on the same resource twice) are told apart by their order in the file, which survives lines
 * being inserted above them.
 */
export function withFingerprints(drafts: FindingDraft[]): Finding[] {
  // Each key is hashed as soon as it is made (keys are long and die young; hashes are the fingerprints anyway) and
  // findings are grouped by that hash. One Map entry per hash; only shared ones get a list of their indexes.
  const hashes = drafts.map((draft) => hash(fingerprintKey(draft)));
  const firstIndex = new Map<string, number>();
  const shared = new Map<string, number[]>();
  hashes.forEach((hashed, index) => {
    const first = firstIndex.get(hashed);
    if (first === undefined) {
      firstIndex.set(hashed, index);
      return;
    }
    const group = shared.get(hashed);
    if (group) group.push(index);
    else shared.set(hashed, [first, index]);
  });
  firstIndex.clear();
  for (const indexes of shared.values()) {
    const ordered = indexes.sort(
      (a, b) => (drafts[a]!.location.startLine ?? 0) - (drafts[b]!.location.startLine ?? 0) || a - b,
    );
    const key = fingerprintKey(drafts[ordered[0]!]!);
    ordered.forEach((index, occurrence) => {
      hashes[index] = hash(occurrence === 0 ? key : `${key}\u0000${occurrence}`);
    });
  }
  return drafts.map((draft, index) => Object.assign(draft, { fingerprint: hashes[index]! })) as Finding[];
}
