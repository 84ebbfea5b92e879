import { inputFromRunner, runAction } from '@aws-delivery/action-kit';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

void runAction('assume-role', () => run(), {
  timeoutSeconds: () =>
    inputSpec['action-timeout-seconds'].parse(
      inputFromRunner('action-timeout-seconds') || '300',
      'action-timeout-seconds',
    ),
});
