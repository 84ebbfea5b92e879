/**
 * StartExperiment's clientToken (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html:
 * 1 to 1024 characters, no white space), derived from the run so that the same attempt of the same step always
 * sends the same token: FIS then answers with the experiment it already started instead of starting a second
 * one. A new run attempt starts a new experiment. The rehearsal (actionsMode skip-all) has its own token.
 */
import { createHash } from 'node:crypto';

export interface RunIdentity {
  /** owner/name */
  repository: string;
  runId: string;
  runAttempt: string;
  /** The step's id, or its position in the job when it has none; tells two chaos steps of one job apart. */
  stepId: string;
}

export type TokenPurpose = 'experiment' | 'rehearsal' | 'template';

const SAFE = /[^A-Za-z0-9._-]+/g;

/** `gha-<purpose>-<run id>-<attempt>-<40 hex>`: readable where it helps, the hash making it unique. */
export function clientToken(run: RunIdentity, purpose: TokenPurpose): string {
  for (const [name, value] of Object.entries(run)) {
    if (!value.trim()) throw new TypeError(`Cannot derive a clientToken: ${name} is empty.`);
  }
  const digest = createHash('sha256')
    .update(JSON.stringify([run.repository, run.runId, run.runAttempt, run.stepId, purpose]))
    .digest('hex')
    .slice(0, 40);
  const runId = run.runId.replace(SAFE, '').slice(0, 20);
  const attempt = run.runAttempt.replace(SAFE, '').slice(0, 6);
  return `gha-${purpose}-${runId}-${attempt}-${digest}`;
}
