/**
 * The injection scanner: which workflow commands in what a step printed, wrote or registered came from hostile
 * text rather than from the action. Hostile text marks every effect it would have with one prefix (`INJ`), so an
 * action's own command that merely quotes it is told apart from a live one. Pure: reads a finished stage.
 */
import type { StageResult } from './run-stage.js';
import type { StepResult } from './simulate.js';
import { parseWorkflowCommand } from './workflow-commands.js';

/** The prefix every live effect of the hostile text starts with. */
export const INJECTION_MARK = 'INJ';

/**
 * Hostile text carrying each way to reach the runner: commands after LF, CR and CRLF, indented, behind a `%0A`
 * escape, a stop-commands fence, the deprecated set-output, an add-mask, and an `EOF`-style delimiter collision
 * that would add `inj` / `INJ_ENV` to GITHUB_OUTPUT or GITHUB_ENV if written raw with a heredoc.
 */
export const HOSTILE_TEXT = [
  `${INJECTION_MARK}-value`,
  `::warning::${INJECTION_MARK}-W`,
  `::add-mask::${INJECTION_MARK}-M`,
  `::stop-commands::${INJECTION_MARK}-S`,
  `::error file=x::${INJECTION_MARK}-E%0A::error::${INJECTION_MARK}-P`,
  `::set-output name=inj::${INJECTION_MARK}-O`,
  `  ::notice::${INJECTION_MARK}-N\r::debug::${INJECTION_MARK}-D\r\n::group::${INJECTION_MARK}-G`,
  'EOF',
  'ghadelimiter_0',
  `inj=${INJECTION_MARK}-F`,
  `INJ_ENV=${INJECTION_MARK}-F`,
].join('\n');

/** Output and variable names the hostile text would add through a file-command delimiter collision. */
const INJECTED_KEYS = ['inj', 'INJ_ENV'];

/**
 * Commands of a stage the runner would run whose data comes from hostile text, read as the runner reads them:
 * inside a stop-commands fence only its token counts, and a fence the hostile text opens is itself an injection.
 * Also an injected mask, and an output, variable or state the hostile text added through a file command.
 */
export function liveInjections(stage: StageResult): string[] {
  const found: string[] = [];
  let fence: string | undefined;
  for (const { text } of stage.log) {
    const command = parseWorkflowCommand(text, fence ? new Set([fence.toLowerCase()]) : undefined);
    if (!command) continue;
    if (fence) {
      fence = undefined;
      continue;
    }
    // Masking a secret registers the hostile text, and each of its lines, as the action's own masks: harmless,
    // they hide text. Only a mask of exactly what the hostile add-mask line carries is an injected one.
    const injected =
      command.command === 'add-mask' ? command.data === `${INJECTION_MARK}-M` : command.data.startsWith(INJECTION_MARK);
    if (injected) found.push(text);
    if (command.command === 'stop-commands') fence = command.data;
  }
  if (stage.masks.includes(`${INJECTION_MARK}-M`)) found.push(`the mask ${INJECTION_MARK}-M`);
  for (const [place, values] of [
    ['output', stage.outputs],
    ['env', stage.env],
    ['state', stage.state],
  ] as const) {
    for (const name of INJECTED_KEYS) if (name in values) found.push(`${place} ${name}`);
    for (const [name, value] of Object.entries(values)) {
      if (name.startsWith(INJECTION_MARK) || name.startsWith(INJECTION_MARK.toLowerCase()))
        found.push(`${place} ${name}`);
      else if (value.startsWith(`${INJECTION_MARK}-F`)) found.push(`${place} ${name}=${value}`);
    }
  }
  return found;
}

/** Every stage of a step, named: pre (when it ran), main, post (when it ran). */
export function stepStages(result: StepResult): [string, StageResult][] {
  return [
    ...(result.pre ? ([['pre', result.pre]] as [string, StageResult][]) : []),
    ['main', result],
    ...(result.post ? ([['post', result.post]] as [string, StageResult][]) : []),
  ];
}

/** The injections of every stage of a step, each prefixed with its stage. */
export function stepInjections(result: StepResult): string[] {
  return stepStages(result).flatMap(([name, stage]) => liveInjections(stage).map((found) => `${name}: ${found}`));
}
