import { afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  ActionError,
  actionTimeout,
  ConfigurationError,
  defineAction,
  input,
  runMain,
  runPost,
  type PostStep,
  type Step,
  waitingFor,
} from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { captureStdoutPerTest } from './stdout.js';

const inputs = { who: input.string({ required: true }), ...actionTimeout(30, { min: 0 }) };

function action(run: (step: Step<{ who: string }, { greet: (who: string) => string }>) => Promise<string>) {
  return defineAction({
    name: 'demo',
    inputs,
    buildConfig: (values) => ({ who: values.who }),
    clients: () => ({ greet: (who: string) => `hello ${who}` }),
    run,
  });
}

describe('runMain', () => {
  it('reads the inputs into the config, hands run the clients and the runner I/O, and returns its result', async () => {
    const io = recordingRunner({ inputs: { who: 'Ada' }, env: { GITHUB_SHA: 'abc' } });
    const outcome = await runMain(
      action(async (step) => {
        step.log.info(step.clients.greet(step.config.who));
        step.setOutput('sha', step.env.GITHUB_SHA);
        return 'done';
      }),
      { io },
    );
    expect(outcome).toEqual({ ok: true, result: 'done' });
    expect(io.lines()).toEqual(['hello Ada']);
    expect(io.recorded.outputs).toEqual({ sha: 'abc' });
  });

  it('lets a test replace the clients', async () => {
    const io = recordingRunner({ inputs: { who: 'Ada' } });
    await runMain(
      action(async (step) => step.clients.greet(step.config.who)),
      { io, clients: () => ({ greet: (who) => `hi ${who}` }) },
    ).then((outcome) => expect(outcome).toEqual({ ok: true, result: 'hi Ada' }));
  });

  it('turns an invalid input into one error line, before run is called', async () => {
    const io = recordingRunner();
    const run = jest.fn(async () => 'never');
    const outcome = await runMain(action(run), { io });
    expect(outcome).toMatchObject({ ok: false, error: expect.any(ConfigurationError) });
    expect(run).not.toHaveBeenCalled();
    expect(io.lines('error')).toEqual([
      'demo: Input "who" is required but was not set. Fix: add "who:" under "with:".',
    ]);
  });

  it('puts a multi-line message with its hint on one error line and the stack in the debug log', async () => {
    const io = recordingRunner({ inputs: { who: 'x' } });
    await runMain(
      action(async () => {
        throw new ActionError('AccessDenied\ncalling sts:TagSession.', 'set skip-session-tagging: true.');
      }),
      { io },
    );
    expect(io.lines('error')).toEqual([
      'demo: AccessDenied calling sts:TagSession. Hint: set skip-session-tagging: true.',
    ]);
    expect(io.lines('debug')[0]).toMatch(/^ActionError: AccessDenied/);
  });

  it('fails the step with the verdict on what run returned, and calls onFailure first', async () => {
    const io = recordingRunner({ inputs: { who: 'x' } });
    const outcome = await runMain(
      {
        ...action(async () => 'rollout failed'),
        verdict: (result: string) => (result === 'ok' ? undefined : new ActionError(`the ${result}.`)),
        onFailure: (runner) => runner.setOutput('passed', 'false'),
      },
      { io },
    );
    expect(outcome).toMatchObject({ ok: false });
    expect(io.recorded.outputs).toEqual({ passed: 'false' });
    expect(io.lines('error')).toEqual(['demo: the rollout failed.']);
  });

  it('aborts the signal and fails when the action-timeout-seconds input runs out', async () => {
    const io = recordingRunner({ inputs: { who: 'x', 'action-timeout-seconds': '0' } });
    // 0 s is "no deadline": the step runs to its end.
    expect(
      await runMain(
        action(async () => 'ok'),
        { io },
      ),
    ).toEqual({ ok: true, result: 'ok' });

    const slow = recordingRunner({ inputs: { who: 'x' } });
    let aborted: unknown;
    const timed = defineAction({
      ...action(async () => ''),
      inputs: { who: inputs.who, 'action-timeout-seconds': input.integer({ default: '1' }) },
      run: (step) =>
        new Promise<string>((resolve) =>
          step.signal.addEventListener('abort', () => {
            aborted = step.signal.reason;
            resolve('wound down');
          }),
        ),
    });
    const outcome = await runMain(timed, { io: slow });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ActionTimeoutError' } });
    expect(aborted).toMatchObject({ name: 'ActionTimeoutError' });
    expect(slow.lines('error')).toEqual([
      "demo: timed out after 1 s. Raise the action's timeout input if the work legitimately takes longer.",
    ]);
  });
});

describe('the action timeout names what the step was waiting for', () => {
  /** A step that registers `waits`, releases the first, and then never ends on its own. */
  const waiting = (waits: string[]) =>
    defineAction({
      ...action(async () => ''),
      inputs: { who: inputs.who, 'action-timeout-seconds': input.integer({ default: '1' }) },
      run: (step) =>
        new Promise<string>((resolve) => {
          const releases = waits.map((what) => waitingFor(what));
          releases[0]?.();
          step.signal.addEventListener('abort', () => {
            for (const release of releases) release();
            resolve('wound down');
          });
        }),
    });

  it('lists each wait still under way once, and no wait that ended', async () => {
    const io = recordingRunner({ inputs: { who: 'x' } });
    const proxied =
      'an answer from sts.us-east-1.amazonaws.com:443 through proxy http://***@proxy:3128/ (from http-proxy)';
    await runMain(waiting(['an answer from done.example:443', proxied, proxied]), { io });
    expect(io.lines('error')).toEqual([
      `demo: timed out after 1 s while waiting for ${proxied}. Raise the action's timeout input if the work ` +
        'legitimately takes longer.',
    ]);
  });

  it('names three waits and counts the rest', async () => {
    const io = recordingRunner({ inputs: { who: 'x' } });
    await runMain(waiting(['released', 'a', 'b', 'c', 'd', 'e']), { io });
    expect(io.lines('error')).toEqual([
      "demo: timed out after 1 s while waiting for a; b; c; and 2 more. Raise the action's timeout input if the " +
        'work legitimately takes longer.',
    ]);
  });
});

describe('runPost', () => {
  it('runs the post step with the state main saved, under the name "<action> post"', async () => {
    const io = recordingRunner({ state: { saved: { n: 1 } } });
    const post = async (step: PostStep) => {
      step.log.info(JSON.stringify(step.loadState('saved')));
      throw new Error('cleanup failed');
    };
    expect(await runPost('demo', post, { io })).toMatchObject({ ok: false });
    expect(io.lines('info')).toEqual(['{"n":1}']);
    expect(io.lines('error')).toEqual(['demo post: cleanup failed']);
  });
});

describe('runMain in the real process', () => {
  const stdout = captureStdoutPerTest();
  const inputsSaved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in inputsSaved)) delete process.env[key];
  });

  it('prints the one ::error:: line, sets exit code 1, and ends a process that something keeps alive', async () => {
    process.env.INPUT_WHO = 'Ada';
    const exit = jest.fn<(code: number) => void>();
    // A timer that never fires holds the event loop, as a socket that never answers would.
    const hang = setInterval(() => undefined, 60_000);
    try {
      const outcome = await runMain(
        action(async () => {
          throw new ActionError('the proxy never answered.');
        }),
        { exit },
      );
      expect(outcome).toMatchObject({ ok: false });
      expect(
        stdout()
          .text.split('\n')
          .filter((line) => line.startsWith('::error')),
      ).toEqual(['::error::demo: the proxy never answered.']);
      expect(process.exitCode).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      clearInterval(hang);
    }
  });

  it('leaves exit code 0 after a success and still ends the process if something holds it', async () => {
    process.env.INPUT_WHO = 'Ada';
    const exit = jest.fn<(code: number) => void>();
    expect(
      await runMain(
        action(async () => 'done'),
        { exit },
      ),
    ).toEqual({ ok: true, result: 'done' });
    expect(process.exitCode).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(exit).toHaveBeenCalledWith(0);
  });
});
