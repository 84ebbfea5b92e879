export { actionTimeout, requestTimeout, defineAction, TIMEOUT_INPUT } from './action.js';
export type { ActionDefinition, PostStep, Step } from './action.js';
export { runMain, runPost, ActionTimeoutError } from './run-step.js';
export type { RunOptions, StepOutcome } from './run-step.js';
export type { Env, Log, RunnerIO } from './runner-io.js';
