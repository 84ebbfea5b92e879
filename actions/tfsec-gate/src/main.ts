import { inputFromRunner, readInputs, runAction, runOnWorkerThread } from '@aws-delivery/action-kit';
import { isMainThread } from 'node:worker_threads';
import { buildConfig } from './config.js';
import { defaultDeps } from './gate/deps.js';
import { inputSpec } from './inputs.js';
import { failClosed, run } from './run.js';

/**
 * The gate holds every finding of a scan at once, so it runs on a worker thread whose young generation is capped:
 * 100,000 findings then peak at ~235 MiB on Node 24 instead of ~310 MiB, in the same time (`npm run bench`).
 */
const YOUNG_GENERATION_MB = 32;

/** The overall timeout; an invalid value is reported when all inputs are read. */
function timeoutSeconds(): number {
  try {
    return readInputs({ 'timeout-seconds': inputSpec['timeout-seconds'] }, inputFromRunner)['timeout-seconds'] ?? 900;
  } catch {
    return 900;
  }
}

if (isMainThread) {
  await runOnWorkerThread('tfsec-gate', import.meta.url, { youngGenerationMb: YOUNG_GENERATION_MB });
} else {
  await runAction(
    'tfsec-gate',
    async (signal) => {
      const deps = defaultDeps(signal);
      const config = await failClosed(deps, () => buildConfig(readInputs(inputSpec, inputFromRunner), deps.env));
      await run(config, deps);
    },
    { timeoutSeconds: timeoutSeconds() },
  );
}
