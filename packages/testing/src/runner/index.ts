export { simulateStep } from './simulate.js';
export type { SimulateStepOptions, StepResult } from './simulate.js';
export type { StageResult } from './run-stage.js';
export { findUnmaskedSecrets } from './secrets.js';
export type { SecretAppearance } from './secrets.js';
export { captureStdout } from '../jest/capture-stdout.js';
export type { CapturedStdout } from '../jest/capture-stdout.js';
export { nodeBinary } from './node-binary.js';
export type { NodeRuntime } from './node-binary.js';
export { parseKeyValueFile, parsePathFile, FileCommandError } from './file-commands.js';
export { parseWorkflowCommand, WorkflowCommandReader, unescapeData, unescapeProperty } from './workflow-commands.js';
export type { Annotation, LogLine, WorkflowCommand } from './workflow-commands.js';
export { maskLine } from './masking.js';
export { inputVariable, actDefaults, type RunnerProfile } from './env.js';
export {
  checkActionInputs,
  actionOutputs,
  readActionMetadata,
  resolveActionDir,
  repoRoot,
} from '../action-metadata.js';
export type { ActionMetadata, DeclaredInput, DeclaredInputSpec } from '../action-metadata.js';
export { HOSTILE_TEXT, INJECTION_MARK, liveInjections, stepInjections, stepStages } from './injections.js';
