/**
 * The change set's name: unique per step of a workflow run, so two steps (or the two sides of one step) never ask
 * CloudFormation for a name already in use, and readable: `china-region-deploy-<run id>-<attempt>-<hash>`, the hash
 * over the job, the step, the stack and the region. Fits CloudFormation's rule for the name
 * ([a-zA-Z][-a-zA-Z0-9]*, at most 128 characters).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
 * The hash keeps names apart, it guards nothing: 64-bit FNV-1a, so a step that fails on its inputs never loads
 * node:crypto (scripts/test/startup-modules.test.ts).
 */
export const CHANGE_SET_NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const PREFIX = 'china-region-deploy';
const HASH_LENGTH = 10;

export interface ChangeSetNameParts {
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: a re-run gets new names. */
  runId?: string;
  runAttempt?: string;
  /** GITHUB_JOB and GITHUB_ACTION (the step's id, unique within the job): two steps of one run differ. */
  job?: string;
  step?: string;
  stackName: string;
  region: string;
}

/** 64-bit FNV-1a over the UTF-8 bytes, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

function segment(text: string, fallback: string): string {
  const cleaned = text
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return cleaned || fallback;
}

export function changeSetName(parts: ChangeSetNameParts): string {
  const identity = [parts.job ?? '', parts.step ?? '', parts.stackName, parts.region].join('\n');
  const hash = fnv1a64(identity).slice(0, HASH_LENGTH);
  const run = `${segment(parts.runId ?? '', 'local')}-${segment(parts.runAttempt ?? '', '1')}`;
  // At most 19 + 1 + 40 + 1 + 40 + 1 + 10 = 112 characters.
  return `${PREFIX}-${run}-${hash}`;
}
