import { inputFromRunner, readInputs, runAction } from '@aws-delivery/action-kit';
import { defaultDeps } from './gate/deps.js';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

/** The overall timeout; an invalid value is reported by `run` when it reads all inputs. */
function timeoutSeconds(): number {
  try {
    return readInputs({ 'timeout-seconds': inputSpec['timeout-seconds'] }, inputFromRunner)['timeout-seconds'] ?? 900;
  } catch {
    return 900;
  }
}

await runAction('tfsec-gate', (signal) => run(defaultDeps(signal)), { timeoutSeconds: timeoutSeconds() });
