import { inputFromRunner, runAction } from '@aws-delivery/action-kit';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

void runAction(
  'eks-deploy',
  async (signal) => {
    await run(undefined, signal);
  },
  {
    timeoutSeconds: () =>
      inputSpec['action-timeout-seconds'].parse(
        inputFromRunner('action-timeout-seconds') || '1800',
        'action-timeout-seconds',
      ),
  },
);
