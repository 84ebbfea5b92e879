// What actions use of action-kit: the skeleton, inputs, errors, the pure Markdown builders, masking helpers for
// text the runner never sees, the OIDC token, and timing. Runner I/O is reached only through the Step.
export { ConfigurationError, ActionError, describeError } from './errors.js';
export { quote } from './quote.js';
export { confinedPath, pathError, readInputFile } from './paths.js';
export type { ConfinedPathOptions } from './paths.js';
export { input, readInputs } from './inputs.js';
export type { InputSpec, InputSpecs, InputValues, InputSource } from './inputs.js';
export type { AnnotationLocation } from './log.js';
export { getIdToken } from './oidc-token.js';
export type { IdTokenOptions } from './oidc-token.js';
export { redactUrl, redactText } from './mask.js';
export { table, heading, details, mermaid, mermaidLabel, mermaidPie, codeBlock } from './summary.js';
export { detectRunner } from './runner.js';
export type { RunnerInfo } from './runner.js';
export { onWorkerThread } from './threads.js';
export { stopwatch, TIMING_LINE } from './timing.js';
export { waitingFor } from './waits.js';
export type { Stopwatch } from './timing.js';
export {
  actionTimeout,
  requestTimeout,
  ActionTimeoutError,
  defineAction,
  runMain,
  runPost,
  TIMEOUT_INPUT,
} from './step/index.js';
export type { ActionDefinition, Env, Log, PostStep, RunnerIO, RunOptions, Step, StepOutcome } from './step/index.js';
