// Property test of sameContent, which tells "unchanged" from "configured" after every apply: it walks both objects
// instead of writing them, and must answer exactly what writing them answers, the JSON of comparable (no server
// fields, no ignored annotations, keys sorted) compared as text, for objects equal, nearly equal and not at all.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { comparable, sameContent, stableJson } from '../src/object-diff.js';
import type { KubeObject } from '../src/objects.js';

const IGNORED = ['eks-deploy.aws-delivery.dev/commit', 'eks-deploy.aws-delivery.dev/run'];

/** What writing both objects answers: the behaviour sameContent keeps. */
function writtenEqual(a: KubeObject | undefined, b: KubeObject | undefined, ignore: readonly string[]): boolean {
  return stableJson(comparable(a, ignore)) === stableJson(comparable(b, ignore));
}

const key = fc.constantFrom('a', 'b', 'c', '0', '10', '__proto__', 'status', 'annotations');
const leaf = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer({ min: -2, max: 2 }),
  fc.constantFrom(-0, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom('', 'x', 'null', '0'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(key, tie('node'), { maxKeys: 3 }),
  ),
})).node;
const annotations = fc.oneof(
  fc.dictionary(fc.constantFrom(...IGNORED, 'team', 'owner'), fc.oneof(fc.constantFrom('x', 'y'), leaf), {
    maxKeys: 3,
  }),
  value,
);
const metadata = fc.record(
  {
    name: fc.constantFrom('web', 'api'),
    namespace: fc.constantFrom('prod', undefined),
    annotations,
    labels: fc.dictionary(key, fc.constantFrom('x', 'y'), { maxKeys: 2 }),
    resourceVersion: fc.constantFrom('1', '2'),
    uid: fc.constantFrom('u1', 'u2'),
    managedFields: value,
    generation: fc.integer({ min: 1, max: 2 }),
  },
  { requiredKeys: ['name'] },
);
const kubeObject = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'apps/v1'),
    kind: fc.constantFrom('ConfigMap', 'Service'),
    metadata: fc.oneof({ weight: 9, arbitrary: metadata }, { weight: 1, arbitrary: value }),
    data: value,
    spec: value,
    status: value,
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
) as fc.Arbitrary<KubeObject>;

/** The same content written in another key order, deeply. */
function reordered(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(reordered);
  if (typeof input !== 'object' || input === null) return input;
  const entries = Object.entries(input).reverse();
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: reordered(v), enumerable: true, writable: true });
  return out;
}

/** One edit at a path of keys into the object (made where it leads to a record). */
const edit = fc.record({
  path: fc.oneof(
    // Where the near misses are: the annotations (empty, ignored only, absent) and the entries of a record.
    fc.constantFrom(
      ['metadata', 'annotations'],
      ['metadata', 'annotations', IGNORED[0]!],
      ['metadata', 'annotations', 'team'],
      ['data', 'a'],
      ['data', 'b'],
      ['spec', '0'],
      ['metadata', 'resourceVersion'],
      ['metadata', 'managedFields'],
      ['status'],
    ),
    fc.array(fc.constantFrom('metadata', 'annotations', 'data', 'spec', 'status', 'a', 'b', '0', ...IGNORED), {
      minLength: 1,
      maxLength: 4,
    }),
  ),
  to: fc.oneof(value, fc.constant({}), fc.constant(undefined), fc.constant('delete')),
});

function edited(object: KubeObject, edits: { path: readonly string[]; to: unknown }[]): KubeObject {
  const copy = structuredClone(object);
  for (const { path, to } of edits) {
    let at: unknown = copy;
    for (const step of path.slice(0, -1)) {
      if (typeof at !== 'object' || at === null) break;
      at = (at as Record<string, unknown>)[step];
    }
    if (typeof at !== 'object' || at === null) continue;
    const last = path.at(-1)!;
    if (to === 'delete') delete (at as Record<string, unknown>)[last];
    else
      Object.defineProperty(at, last, {
        value: structuredClone(to),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return copy;
}

const pair = fc.tuple(kubeObject, fc.array(edit, { maxLength: 4 }), fc.boolean()).map(([a, edits, reorder]) => {
  const b = edited(a, edits);
  return [a, reorder ? (reordered(b) as KubeObject) : b] as const;
});

describe('sameContent (properties)', () => {
  it('answers what comparing the written JSON of comparable answers', () => {
    let equal = 0;
    fc.assert(
      fc.property(pair, fc.constantFrom([], IGNORED), ([a, b], ignore) => {
        const expected = writtenEqual(a, b, ignore);
        if (expected) equal++;
        expect(sameContent(a, b, ignore)).toBe(expected);
        expect(sameContent(b, a, ignore)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // Both answers were met often enough to mean something.
    expect(equal).toBeGreaterThan(300);
    expect(equal).toBeLessThan(2700);
  });

  it('answers what comparing the written JSON answers at the edges of what JSON writes', () => {
    const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } };
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      // An entry JSON leaves out is no entry: a null one beside it is not the same.
      [{ data: { a: null } }, { data: { a: undefined, b: 1 } }],
      [{ data: { a: 1, b: undefined } }, { data: { a: 1 } }],
      // In an array, undefined and NaN are written as null.
      [{ data: [undefined, Number.NaN] }, { data: [null, null] }],
      [{ data: [undefined] }, { data: [] }],
      // Empty annotations are no annotations; others are compared less the ignored ones.
      [{ metadata: { name: 'web', annotations: {} } }, {}],
      [{ metadata: { name: 'web', annotations: { [IGNORED[0]!]: 'x' } } }, {}],
      [{ metadata: { name: 'web', annotations: { team: undefined } } }, {}],
      [{ metadata: { name: 'web', annotations: null } }, {}],
    ];
    for (const [a, b] of cases) {
      const x = { ...base, ...a } as KubeObject;
      const y = { ...base, ...b } as KubeObject;
      for (const ignore of [[], IGNORED]) {
        expect([sameContent(x, y, ignore), sameContent(y, x, ignore)]).toEqual(
          Array(2).fill(writtenEqual(x, y, ignore)),
        );
      }
    }
  });

  it('answers what comparing the written JSON answers for a missing object', () => {
    fc.assert(
      fc.property(fc.option(kubeObject, { nil: undefined }), fc.option(kubeObject, { nil: undefined }), (a, b) => {
        expect(sameContent(a, b)).toBe(writtenEqual(a, b, []));
      }),
      { numRuns: 300 },
    );
  });
});
