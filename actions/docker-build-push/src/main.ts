import { inputFromRunner, runAction } from '@aws-delivery/action-kit';
import { defaultDeps } from './deps.js';
import { inputSpec } from './inputs.js';
import { run } from './run.js';

void runAction('docker-build-push', (signal) => run(defaultDeps(), signal), {
  timeoutSeconds: () =>
    inputSpec['action-timeout-seconds'].parse(
      inputFromRunner('action-timeout-seconds') || '3600',
      'action-timeout-seconds',
    ),
});
