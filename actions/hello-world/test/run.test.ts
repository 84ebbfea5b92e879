import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { greeting, post, run, type MainDeps } from '../src/run.js';

function fakeDeps(inputs: Record<string, string>) {
  const calls = {
    info: [] as string[],
    outputs: {} as Record<string, unknown>,
    exported: {} as Record<string, string>,
    state: {} as Record<string, unknown>,
    summary: [] as string[],
  };
  const deps: MainDeps = {
    input: (name) => inputs[name] ?? '',
    info: (message) => calls.info.push(message),
    setOutput: (name, value) => (calls.outputs[name] = value),
    exportVariable: (name, value) => (calls.exported[name] = value),
    saveState: (key, value) => (calls.state[key] = value),
    writeSummary: async (...parts) => void calls.summary.push(parts.join('\n')),
  };
  return { deps, calls };
}

describe('greeting', () => {
  it.each([
    ['world', false, 'Hello, world!'],
    ['Ada', true, 'HELLO, ADA!'],
  ])('%s, shout %s -> %s', (who, shout, text) => {
    expect(greeting(who, shout)).toBe(text);
  });
});

describe('run', () => {
  it('greets with the defaults and leaves the greeting for later steps and post', async () => {
    const { deps, calls } = fakeDeps({});
    await run(deps);
    expect(calls.info).toEqual(['Hello, world!']);
    expect(calls.outputs).toEqual({ greeting: 'Hello, world!' });
    expect(calls.exported).toEqual({ HELLO_WORLD_GREETING: 'Hello, world!' });
    expect(calls.state).toEqual({ greeted: 'world' });
    expect(calls.summary).toEqual(['## Hello world\n\n| who | greeting |\n| --- | --- |\n| world | Hello, world! |\n']);
  });

  it('fails with a ConfigurationError naming the input when fail is true, before doing anything', async () => {
    const { deps, calls } = fakeDeps({ fail: 'true' });
    await expect(run(deps)).rejects.toThrow(ConfigurationError);
    await expect(run(deps)).rejects.toMatchObject({ input: 'fail' });
    expect(calls.outputs).toEqual({});
    expect(calls.state).toEqual({});
  });
});

describe('post', () => {
  it.each([
    ['Ada', 'post: main greeted Ada'],
    [undefined, 'post: main greeted no one'],
  ])('state %s -> %s', async (saved, line) => {
    const info: string[] = [];
    await post({ loadState: <T>() => saved as T | undefined, info: (m) => info.push(m) });
    expect(info).toEqual([line]);
  });
});
