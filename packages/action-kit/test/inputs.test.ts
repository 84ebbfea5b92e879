import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, input, readInputs } from '@aws-delivery/action-kit';
import { captureStdout } from './stdout.js';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function errorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('readInputs', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('reads the YAML 1.2 boolean %s', (raw, expected) => {
    expect(readInputs({ flag: input.boolean() }, from({ flag: raw })).flag).toBe(expected);
  });

  it.each(['yes', 'no', 'on', 'off', '1', '0', 'y', 'tRuE'])('rejects %s as a boolean, naming the fix', (raw) => {
    const error = errorOf(() => readInputs({ 'skip-thing': input.boolean() }, from({ 'skip-thing': raw })));
    expect(error.input).toBe('skip-thing');
    expect(error.message).toContain(`"${raw}"`);
    expect(error.message).toContain('YAML 1.2 boolean');
    expect(error.message).toContain('Fix: write skip-thing: true or skip-thing: false.');
  });

  it.each([
    ['900', 900],
    ['3600', 3600],
    ['43200', 43200],
    ['+1000', 1000],
  ])('reads the integer %s within range', (raw, expected) => {
    const spec = { duration: input.integer({ min: 900, max: 43200 }) };
    expect(readInputs(spec, from({ duration: raw })).duration).toBe(expected);
  });

  it.each(['899', '43201', '1.5', 'abc', '1e4', '0x10', '99999999999999999999'])(
    'rejects the integer %s with the range in the message',
    (raw) => {
      const spec = { 'duration-seconds': input.integer({ min: 900, max: 43200, unit: 'seconds', default: '3600' }) };
      const error = errorOf(() => readInputs(spec, from({ 'duration-seconds': raw })));
      expect(error.message).toBe(
        `Input "duration-seconds" has the value "${raw}", but it must be a whole number between 900 and 43200 seconds. ` +
          'Fix: set duration-seconds to a value such as 3600.',
      );
    },
  );

  it('matches enums case-insensitively and returns the canonical spelling', () => {
    const spec = { mode: input.enumOf(['rolling', 'canary', 'blue-green'] as const) };
    expect(readInputs(spec, from({ mode: 'Canary' })).mode).toBe('canary');
    const error = errorOf(() => readInputs(spec, from({ mode: 'bluegreen' })));
    expect(error.message).toContain('must be one of: rolling, canary, blue-green');
  });

  it('splits lists on newlines and commas, dropping blanks and comments', () => {
    const spec = { regions: input.list() };
    const raw = 'eu-west-1, eu-central-1\n\n# not this one\ncn-north-1,';
    expect(readInputs(spec, from({ regions: raw })).regions).toEqual(['eu-west-1', 'eu-central-1', 'cn-north-1']);
    expect(readInputs(spec, from({})).regions).toEqual([]);
  });

  it('keeps commas inside items of a newline-only list', () => {
    const spec = { args: input.list({ separator: 'newline' }) };
    expect(readInputs(spec, from({ args: 'a,b\nc' })).args).toEqual(['a,b', 'c']);
  });

  it('reads multiline key=value pairs, keeping = inside values', () => {
    const spec = { tags: input.keyValues() };
    expect(readInputs(spec, from({ tags: 'team=payments\n expr = a=b \n# comment\n' })).tags).toEqual({
      team: 'payments',
      expr: 'a=b',
    });
  });

  it.each([
    ['no-equals-sign', 'every line must have the form key=value'],
    ['=value', 'every line must have the form key=value'],
    ['a=1\na=2', 'the key "a" appears twice'],
  ])('rejects the key=value text %j', (raw, rule) => {
    const error = errorOf(() => readInputs({ tags: input.keyValues() }, from({ tags: raw })));
    expect(error.message).toContain(rule);
  });

  it('parses JSON and explains a syntax error', () => {
    const spec = { policy: input.json<{ Version: string }>() };
    expect(readInputs(spec, from({ policy: '{"Version":"2012-10-17"}' })).policy).toEqual({ Version: '2012-10-17' });
    const error = errorOf(() => readInputs(spec, from({ policy: '{Version:}' })));
    expect(error.message).toMatch(/^Input "policy" has the value "\{Version:\}", but it is not valid JSON/);
  });

  it('checks strings against a pattern and states the rule in words', () => {
    const spec = {
      'aws-account-id': input.string({ pattern: /^\d{12}$/, rule: 'it must be 12 digits', fix: 'copy the id.' }),
    };
    const error = errorOf(() => readInputs(spec, from({ 'aws-account-id': '1234' })));
    expect(error.message).toBe(
      'Input "aws-account-id" has the value "1234", but it must be 12 digits. Fix: copy the id.',
    );
  });

  it('applies defaults to empty values and reports missing required inputs', () => {
    const spec = { region: input.string({ required: true }), audience: input.string({ default: 'sts.amazonaws.com' }) };
    expect(readInputs(spec, from({ region: 'eu-west-1', audience: '  ' })).audience).toBe('sts.amazonaws.com');
    const error = errorOf(() => readInputs(spec, from({})));
    expect(error.message).toBe('Input "region" is required but was not set. Fix: add "region:" under "with:".');
  });

  it('reports every invalid input at once', () => {
    const spec = { a: input.boolean(), b: input.integer({ min: 1, max: 2 }), c: input.string({ required: true }) };
    const error = errorOf(() => readInputs(spec, from({ a: 'yes', b: '3' })));
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.message).toContain('3 inputs are invalid');
  });

  it('never quotes the value of a secret input', () => {
    const spec = {
      'aws-secret-access-key': input.string({ secret: true, pattern: /^\S{40}$/, rule: 'it must be 40 characters' }),
    };
    const stdout = captureStdout();
    let error: Error;
    try {
      error = errorOf(() => readInputs(spec, from({ 'aws-secret-access-key': 'hunter2-is-my-password' })));
    } finally {
      stdout.restore();
    }
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('(hidden: secret input)');
    // Masked before the value was checked, so nothing that prints it later can show it.
    expect(stdout.text).toBe('::add-mask::hunter2-is-my-password\n');
  });
});

describe('secret inputs', () => {
  function masksOf(read: () => unknown): string[] {
    const stdout = captureStdout();
    try {
      read();
    } finally {
      stdout.restore();
    }
    return stdout.text.split('\n').filter((line) => line.startsWith('::add-mask::'));
  }
  const specs = { token: input.string({ secret: true, default: '${{ github.token }}' }) };

  it('masks the value the workflow passed before anything can print it', () => {
    expect(masksOf(() => readInputs(specs, from({ token: 'ghs_passed' })))).toEqual(['::add-mask::ghs_passed']);
  });

  it("does not mask the default: it is action.yml's public text, not a secret", () => {
    let token: string | undefined;
    expect(masksOf(() => (token = readInputs(specs, from({})).token))).toEqual([]);
    expect(token).toBe('${{ github.token }}');
  });
});
