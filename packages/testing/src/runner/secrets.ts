import { maskLine } from './masking.js';
import type { StageResult } from './run-stage.js';
import type { StepResult } from './simulate.js';

export interface SecretAppearance {
  /** The secret (or the line of a multi-line secret) that appears. */
  secret: string;
  stage: 'pre' | 'main' | 'post';
  place: 'stdout' | 'stderr' | 'summary' | 'output' | 'env' | 'state' | 'path';
  /** The output, variable or state name; for a log line, its 1-based number within its stream. */
  name?: string;
  line?: number;
}

/** What is searched for: a multi-line secret is masked, and can leak, line by line. */
function needles(secret: string): string[] {
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return [...new Set(lines)];
}

function logAppearances(stage: SecretAppearance['stage'], result: StageResult, secret: string): SecretAppearance[] {
  const found: SecretAppearance[] = [];
  const numbers = { stdout: 0, stderr: 0 };
  for (const line of result.log) {
    numbers[line.stream] += 1;
    if (line.shown?.includes(secret)) found.push({ secret, stage, place: line.stream, line: numbers[line.stream] });
  }
  return found;
}

function valueAppearances(
  stage: SecretAppearance['stage'],
  place: 'output' | 'env' | 'state',
  values: Readonly<Record<string, string>>,
  secret: string,
): SecretAppearance[] {
  return Object.entries(values)
    .filter(([, value]) => value.includes(secret))
    .map(([name]) => ({ secret, stage, place, name }));
}

/**
 * Every place a secret appears in clear text after a simulated step, for tests that prove an action never
 * leaks one. The rule, per stage (pre, main, post):
 *
 * - stdout and stderr: the runner prints each line masked with every value registered through `::add-mask::`
 *   before that line was read (earlier stages' masks included; both streams are read in arrival order). A
 *   secret is reported when it still appears in the line as printed: registered too late, or never, or printed
 *   while commands were stopped with `::stop-commands::`. The `::add-mask::` line itself is not printed.
 * - summary: the runner scrubs GITHUB_STEP_SUMMARY with every value masked by the end of the stage before
 *   uploading it, so a secret is reported when that scrub leaves it in the text.
 * - outputs, exported env, state and PATH entries: stored and handed to later steps as they are; masking never
 *   applies, so every appearance is reported. (State reaches only the post stage and is never printed; exporting
 *   a credential to GITHUB_ENV can be the point of an action, so a test filters the places it expects.)
 *
 * Only the exact text of a secret is matched; a multi-line secret is matched line by line.
 */
export function findUnmaskedSecrets(result: StepResult, secrets: readonly string[]): SecretAppearance[] {
  const stages: [SecretAppearance['stage'], StageResult][] = [];
  if (result.pre) stages.push(['pre', result.pre]);
  stages.push(['main', result]);
  if (result.post) stages.push(['post', result.post]);
  const found: SecretAppearance[] = [];
  let masks: string[] = [];
  for (const [stage, stageResult] of stages) {
    masks = [...masks, ...stageResult.masks];
    const scrubbed = stageResult.summary
      .split('\n')
      .map((line) => maskLine(line, masks))
      .join('\n');
    for (const secret of secrets.flatMap(needles)) {
      found.push(...logAppearances(stage, stageResult, secret));
      if (scrubbed.includes(secret)) found.push({ secret, stage, place: 'summary' });
      found.push(...valueAppearances(stage, 'output', stageResult.outputs, secret));
      found.push(...valueAppearances(stage, 'env', stageResult.env, secret));
      found.push(...valueAppearances(stage, 'state', stageResult.state, secret));
      for (const path of stageResult.path) {
        if (path.includes(secret)) found.push({ secret, stage, place: 'path', name: path });
      }
    }
  }
  return found;
}
