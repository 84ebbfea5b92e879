import { describe, expect, it, jest } from '@jest/globals';
import { ActionError, ConfigurationError, runAction } from '@aws-delivery/action-kit';
import { captureStdoutPerTest } from './stdout.js';

const stdout = captureStdoutPerTest();

const errorLines = () =>
  stdout()
    .text.split('\n')
    .filter((line) => line.startsWith('::error::'));

describe('runAction', () => {
  it('succeeds quietly when main resolves', async () => {
    await runAction('demo', async () => undefined);
    expect(errorLines()).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('turns an error into one ::error:: line prefixed with the action name, and exits non-zero', async () => {
    await runAction('assume-role', async () => {
      throw new ConfigurationError('Input "x" is bad.\nFix: set it.');
    });
    expect(errorLines()).toEqual(['::error::assume-role: Input "x" is bad. Fix: set it.']);
    expect(process.exitCode).toBe(1);
  });

  it('appends the hint of an ActionError', async () => {
    await runAction('eks-deploy', async () => {
      throw new ActionError('AccessDenied calling sts:TagSession.', 'set skip-session-tagging: true.');
    });
    expect(errorLines()).toEqual([
      '::error::eks-deploy: AccessDenied calling sts:TagSession. Hint: set skip-session-tagging: true.',
    ]);
  });

  it('fails after the overall timeout and aborts the signal main was given', async () => {
    let aborted: unknown;
    const exit = jest.fn<(code: number) => void>();
    await runAction(
      'slow',
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            resolve();
          });
        }),
      { timeoutSeconds: 0.05, exit },
    );
    expect(aborted).toBeInstanceOf(Error);
    expect(errorLines()).toEqual([
      "::error::slow: timed out after 0.05 s. Raise the action's timeout input if the work legitimately takes longer.",
    ]);
    expect(process.exitCode).toBe(1);
    // Whatever hung must not keep the step alive: the process is ended shortly after the report.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(exit).toHaveBeenCalledWith(1);
  });
});
