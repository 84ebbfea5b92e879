/** Pod-template hashing and comparison as the workload controllers use them. */
import { createHash } from 'node:crypto';
import { canonicalJson, clone, deepEqual } from '../json.js';
import type { PodTemplate } from '../types.js';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A short, stable name suffix for a template. The real controllers print a 32-bit FNV hash in decimal and map each
 * digit's byte into this alphabet (rand.SafeEncodeString); the fake hashes with SHA-256 instead and encodes the same
 * way, so names look alike but differ from a real cluster's.
 */
export function templateHash(template: PodTemplate, collisionCount = 0): string {
  const digest = createHash('sha256').update(canonicalJson(template)).update(String(collisionCount)).digest();
  const decimal = String(digest.readUInt32BE(0));
  return [...decimal].map((ch) => SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

function withoutLabel(template: PodTemplate, label: string): PodTemplate {
  const labels = template.metadata?.labels;
  if (!labels || !(label in labels)) return template;
  const rest = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== label));
  const metadata = { ...template.metadata };
  if (Object.keys(rest).length > 0) metadata.labels = rest;
  else delete metadata.labels;
  return { ...template, metadata };
}

/** deploymentutil.EqualIgnoreHash: templates equal once the pod-template-hash label is ignored (no deep copies). */
export function equalIgnoringHash(a: PodTemplate, b: PodTemplate): boolean {
  return deepEqual(withoutLabel(a, POD_TEMPLATE_HASH), withoutLabel(b, POD_TEMPLATE_HASH));
}

export function withLabel(template: PodTemplate, label: string, value: string): PodTemplate {
  const copy = clone(template);
  copy.metadata = { ...(copy.metadata ?? {}), labels: { ...(copy.metadata?.labels ?? {}), [label]: value } };
  return copy;
}
