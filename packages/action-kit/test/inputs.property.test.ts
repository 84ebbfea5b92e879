// Property tests of the structured input parsers (key=value lines, JSON, lists): inputs are untrusted text. Each
// answers anything with a value or a ConfigurationError naming the input, reads back what its writer wrote, and
// keeps every key an own property: no __proto__, constructor or toString key reaches or reads a prototype.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigurationError } from '../src/errors.js';
import { input } from '../src/inputs.js';

const NAME = 'build-args';
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const expectPrototypeUntouched = () =>
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);

/** Parses, or checks that the refusal is a ConfigurationError that names the input. */
function parsesOrRefuses<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message.startsWith(`Input "${NAME}" has the value `)).toBe(true);
    return undefined;
  }
}

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];
/** A key as a line holds it: no line break, no `=`, no blank ends, not a `#` comment. */
const key = fc.oneof(
  fc.constantFrom(...PROTO_KEYS),
  fc.stringMatching(/^[A-Za-z_][\w.-]{0,12}$/),
  fc
    .string({ unit: 'binary', maxLength: 8 })
    .map((s) => s.replace(/[\r\n=]/g, '').trim())
    .filter((s) => s !== '' && !s.startsWith('#')),
);
const value = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, '').trim());

describe('input.keyValues (properties)', () => {
  const spec = input.keyValues();

  it('reads back every key=value line written, prototype names included, as own properties', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), fc.constantFrom('\n', '\r\n'), (pairs, eol) => {
        const entries = Object.entries(pairs);
        const raw = entries.map(([k, v]) => `${k}=${v}`).join(eol);
        const read = spec.parse(raw, NAME);
        expect(Object.entries(read)).toEqual(entries);
        for (const [k] of entries) expect(Object.prototype.hasOwnProperty.call(read, k)).toBe(true);
        expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
        expectPrototypeUntouched();
      }),
      { numRuns: 500 },
    );
  });

  it('answers any text with key/values or a ConfigurationError naming the input', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 14 }),
      fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
      fc.constantFrom('__proto__={"polluted":1}', '=x', '# comment', '', '  '),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const read = parsesOrRefuses(() => spec.parse(lines.join('\n'), NAME));
        for (const v of Object.values(read ?? {})) expect(typeof v).toBe('string');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expectPrototypeUntouched();
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a key given twice, whatever its name', () => {
    fc.assert(
      fc.property(key, value, value, (k, a, b) => {
        expect(() => spec.parse(`${k}=${a}\n${k}=${b}`, NAME)).toThrow(`the key "${k}" appears twice`);
      }),
    );
  });
});

describe('input.json (properties)', () => {
  const spec = input.json();
  const json = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.string({ maxLength: 8 }),
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 5 })), tie('node'), {
        maxKeys: 3,
      }),
    ),
  })).node;

  it('reads back any JSON value written, __proto__ keys as own properties', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value);
        expect(JSON.stringify(spec.parse(text, NAME))).toBe(text);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expectPrototypeUntouched();
      }),
      { numRuns: 500 },
    );
  });

  it('answers any text with a value or a ConfigurationError naming the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (raw) => {
        parsesOrRefuses(() => spec.parse(raw, NAME));
      }),
      { numRuns: 1000 },
    );
  });

  it('never quotes a secret JSON input in its error', () => {
    const secret = input.json({ secret: true });
    fc.assert(
      fc.property(
        fc.string({ minLength: 3, maxLength: 20 }).filter((s) => !isJson(s)),
        (raw) => {
          expect(() => secret.parse(raw, NAME)).toThrow('(hidden: secret input)');
        },
      ),
    );
  });
});
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('input.list (properties)', () => {
  it('reads back the items written, one per line or comma, without blanks or comments', () => {
    const item = fc
      .string({ maxLength: 10 })
      .map((s) => s.replace(/[\r\n,]/g, '').trim())
      .filter((s) => s !== '' && !s.startsWith('#'));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), fc.constantFrom('\n', ',', '\r\n', ' ,\n '), (items, sep) => {
        expect(input.list().parse(items.join(sep), NAME)).toEqual(items);
      }),
    );
  });
});
