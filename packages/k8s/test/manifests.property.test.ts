// Property tests of the manifest readers (a pull request can change every manifest, and the manifests input names
// them): parseManifests and globToRegExp answer anything with objects, a RegExp, or a ManifestError naming the file
// or the glob; parsing ends (aliases are bounded); what a writer wrote reads back; nothing pollutes Object.prototype.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { globToRegExp } from '../src/manifest-files.js';
import { ManifestError, parseManifests } from '../src/manifest-parse.js';

const FILE = 'k8s/app.yaml';
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const expectPrototypeUntouched = () => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

/** Runs `read`; it answers, or throws a ManifestError whose message starts with `prefix`. */
function answersOrRefuses<T>(read: () => T, prefix: string): T | undefined {
  try {
    return read();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message.startsWith(prefix)).toBe(true);
    return undefined;
  }
}

const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted'), fc.string({ maxLength: 6 }));
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;
const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
const kubeObject = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1'),
  kind: fc.constantFrom('ConfigMap', 'Deployment', 'Service'),
  metadata: fc.record({ name, labels: fc.dictionary(key, fc.string({ maxLength: 6 }), { maxKeys: 2 }) }),
  data: fc.dictionary(key, value, { maxKeys: 3 }),
});
/** YAML text a hostile manifest could hold: anchors and aliases, tags, merge keys, complex keys, stray syntax. */
const yamlPiece = fc.constantFrom(
  '&a [x, x, x]',
  '*a',
  '*nope',
  '<<: *a',
  '? [a, b]\n: c',
  '!!binary aGVsbG8=',
  '!!js/function "x"',
  '__proto__: {polluted: 1}',
  '---',
  '...',
  '- ',
  ': ',
  '{',
  '"\\u0000"',
  '\t',
  '%YAML 1.1',
);
const hostileYaml = fc
  .tuple(
    fc.array(fc.oneof(yamlPiece, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 8 }),
    fc.constantFrom('\n', ' ', ': ', '\n  '),
  )
  .map(([pieces, separator]) => pieces.join(separator));
/** A "billion laughs": each level aliases the one before nine times. */
const aliasBomb = fc.integer({ min: 3, max: 9 }).map((levels) => {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
});

describe('parseManifests (properties)', () => {
  it('answers any text with objects or a ManifestError naming the file and document', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), hostileYaml, aliasBomb), (text) => {
        const objects = answersOrRefuses(() => parseManifests(text, FILE), `${FILE} document `);
        for (const { object, source } of objects ?? []) {
          expect(typeof object.apiVersion).toBe('string');
          expect(typeof object.metadata.name).toBe('string');
          expect(source.startsWith(`${FILE}#`)).toBe(true);
        }
        expectPrototypeUntouched();
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back what a YAML or JSON writer wrote, __proto__ keys as plain keys', () => {
    fc.assert(
      fc.property(fc.array(kubeObject, { minLength: 1, maxLength: 4 }), fc.boolean(), (objects, asJson) => {
        const text = asJson
          ? objects.map((o) => JSON.stringify(o)).join('\n---\n')
          : objects.map((o) => stringify(o)).join('---\n');
        const read = parseManifests(text, FILE);
        expect(read.map((r) => JSON.stringify(r.object))).toEqual(objects.map((o) => JSON.stringify(o)));
        for (const { object } of read) expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
        expectPrototypeUntouched();
      }),
      { numRuns: 300 },
    );
  });

  it('reads a List kind as its items', () => {
    fc.assert(
      fc.property(fc.array(kubeObject, { maxLength: 4 }), (items) => {
        const read = parseManifests(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), FILE);
        expect(read.map((r) => r.object)).toEqual(items);
      }),
    );
  });
});

describe('globToRegExp (properties)', () => {
  const globPiece = fc.constantFrom('*', '**', '**/', '?', '{', '}', ',', '[', ']', '[!', '[z-a]', '\\', '.', '(', '|');
  const glob = fc
    .array(fc.oneof(globPiece, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 10 })
    .map((parts) => parts.join(''));

  it('answers any glob with a RegExp or a ManifestError naming it', () => {
    fc.assert(
      fc.property(glob, fc.string({ maxLength: 20 }), (pattern, path) => {
        const regex = answersOrRefuses(() => globToRegExp(pattern), `manifests: the glob ${JSON.stringify(pattern)}`);
        if (regex) expect(typeof regex.test(path)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('matches a glob without wildcards against exactly its own text', () => {
    const plain = fc.stringMatching(/^[a-z0-9._/-]{1,20}$/);
    fc.assert(
      fc.property(plain, plain, (pattern, other) => {
        expect(globToRegExp(pattern).test(pattern)).toBe(true);
        expect(globToRegExp(pattern).test(other)).toBe(other === pattern);
      }),
    );
  });
});
