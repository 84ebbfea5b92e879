import { describe, expect, it } from '@jest/globals';
import { actionOutputs, simulateStep } from '@aws-delivery/testing';

// The smallest action, run from its committed bundle exactly as a runner runs it, on both Node versions.
describe.each(['node20', 'node24'] as const)('hello-world bundle on %s', (node) => {
  it('greets, sets every declared output, exports, saves state for post and writes a summary', async () => {
    const result = await simulateStep({ action: 'hello-world', inputs: { who: 'Ada', shout: true }, node });

    expect(result).toMatchObject({ exitCode: 0, outcome: 'success', timedOut: false, stderr: '' });
    expect(result.stdout).toBe('HELLO, ADA!\n');
    expect(result.outputs).toEqual({ greeting: 'HELLO, ADA!' });
    expect(Object.keys(result.outputs).sort()).toEqual(actionOutputs('actions/hello-world').sort());
    expect(result.env).toEqual({ HELLO_WORLD_GREETING: 'HELLO, ADA!' });
    expect(result.state).toEqual({ greeted: '"Ada"' });
    expect(result.summary).toBe('## Hello world\n\n| who | greeting |\n| --- | --- |\n| Ada | HELLO, ADA! |\n');
    expect(result.annotations).toEqual([]);
    expect(result.path).toEqual([]);

    expect(result.post).toMatchObject({ exitCode: 0, outcome: 'success', stdout: 'post: main greeted Ada\n' });
  });

  it('applies the action.yml defaults for inputs not given', async () => {
    const result = await simulateStep({ action: 'hello-world', node });
    expect(result.outputs.greeting).toBe('Hello, world!');
  });

  it('fails with exit code 1 and one ::error:: line that names the action; post still runs with no state', async () => {
    const result = await simulateStep({ action: 'hello-world', inputs: { fail: true }, node });

    expect(result.exitCode).toBe(1);
    expect(result.outcome).toBe('failure');
    const errorLines = result.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errorLines).toEqual([
      '::error::hello-world: Input "fail" is "true", which makes this action fail on purpose. Fix: set fail: false, or remove it.',
    ]);
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message:
          'hello-world: Input "fail" is "true", which makes this action fail on purpose. Fix: set fail: false, or remove it.',
        source: 'action',
      },
    ]);
    expect(result.outputs).toEqual({});
    expect(result.state).toEqual({});
    expect(result.post).toMatchObject({ exitCode: 0, stdout: 'post: main greeted no one\n' });
  });

  it('rejects an invalid boolean with a message naming the input and the value', async () => {
    const result = await simulateStep({ action: 'hello-world', inputs: { shout: 'yes' }, node });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message)).toEqual([
      'hello-world: Input "shout" has the value "yes", but it must be a YAML 1.2 boolean (true or false). Fix: write shout: true or shout: false.',
    ]);
  });
});
