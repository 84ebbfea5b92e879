/** tfsec-gate on the skeleton: scan or read results, decide by policy, report to SARIF, ASFF, JUnit and the PR. */
import { defineAction, onWorkerThread } from '@aws-delivery/action-kit';
import { buildConfig } from './config.js';
import { defaultDeps, type GateStep } from './gate/deps.js';
import { runsOnWorkerThread } from './gate/thread-choice.js';
import { inputSpec } from './inputs.js';

/**
 * The gate holds every finding of a scan at once, so it runs a large one on a worker thread whose young generation
 * is capped: 100,000 findings then peak at ~205 MiB on Node 24 instead of ~290 MiB, in the same time (`npm run
 * bench`). A small results file is gated on the main thread (see thread-choice.ts).
 */
const YOUNG_GENERATION_MB = 32;
const onThread = onWorkerThread({ youngGenerationMb: YOUNG_GENERATION_MB });

export const tfsecGate = defineAction({
  name: 'tfsec-gate',
  inputs: inputSpec,
  buildConfig,
  clients: defaultDeps,
  // The gate's work (parsers, policy, report writers) is imported once the inputs check out.
  run: async (step: GateStep) => (await import('./run.js')).run(step),
  // Fail closed: whatever fails, from an input to a crash, later steps read passed=false.
  onFailure: (io) => io.setOutput('passed', 'false'),
  thread: async (name, config) => runsOnWorkerThread(config) && (await onThread(name)),
});
