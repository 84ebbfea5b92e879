import { describe, expect, it } from '@jest/globals';
import { runMain, runPost } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { helloWorld } from '../src/action.js';
import { greeting, post } from '../src/run.js';

describe('greeting', () => {
  it.each([
    ['world', false, 'Hello, world!'],
    ['Ada', true, 'HELLO, ADA!'],
  ])('%s, shout %s -> %s', (who, shout, text) => {
    expect(greeting(who, shout)).toBe(text);
  });
});

describe('main', () => {
  it('greets with the defaults and leaves the greeting for later steps and post', async () => {
    const io = recordingRunner();
    expect(await runMain(helloWorld, { io })).toEqual({ ok: true, result: undefined });
    expect(io.recorded.log).toEqual([{ level: 'info', message: 'Hello, world!' }]);
    expect(io.recorded.outputs).toEqual({ greeting: 'Hello, world!' });
    expect(io.recorded.exported).toEqual({ HELLO_WORLD_GREETING: 'Hello, world!' });
    expect(io.env.HELLO_WORLD_GREETING).toBe('Hello, world!');
    expect(io.recorded.state).toEqual({ greeted: '"world"' });
    expect(io.recorded.summary).toEqual([
      '## Hello world\n\n| who | greeting |\n| --- | --- |\n| world | Hello, world! |\n',
    ]);
  });

  it('shouts when asked', async () => {
    const io = recordingRunner({ inputs: { who: 'Ada', shout: 'true' } });
    await runMain(helloWorld, { io });
    expect(io.recorded.outputs).toEqual({ greeting: 'HELLO, ADA!' });
  });

  it('fails with one error line naming the input when fail is true, before doing anything', async () => {
    const io = recordingRunner({ inputs: { fail: 'true' } });
    const outcome = await runMain(helloWorld, { io });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ConfigurationError', input: 'fail' } });
    expect(io.lines('error')).toEqual([
      'hello-world: Input "fail" is "true", which makes this action fail on purpose. Fix: set fail: false, or remove it.',
    ]);
    expect(io.recorded.outputs).toEqual({});
    expect(io.recorded.state).toEqual({});
  });

  it('reports an invalid input with the rule it breaks', async () => {
    const io = recordingRunner({ inputs: { shout: 'yes' } });
    await runMain(helloWorld, { io });
    expect(io.lines('error')).toEqual([
      'hello-world: Input "shout" has the value "yes", but it must be a YAML 1.2 boolean (true or false). Fix: write shout: true or shout: false.',
    ]);
  });
});

describe('post', () => {
  it.each([
    [{ greeted: 'Ada' }, 'post: main greeted Ada'],
    [{}, 'post: main greeted no one'],
  ])('state %j -> %s', async (state, line) => {
    const io = recordingRunner({ state });
    expect(await runPost('hello-world', post, { io })).toEqual({ ok: true, result: undefined });
    expect(io.lines()).toEqual([line]);
  });
});
