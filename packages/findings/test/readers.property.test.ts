// Property tests of the readers of scanner output (untrusted: a pull request can change what a scanner reads, and
// SARIF input is any file): SARIF, the streamed top-level array of tfsec and Trivy JSON, and the JSON text writer.
// Anything in gives findings or a FindingsFormatError naming the source; nothing pollutes Object.prototype.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  FindingsFormatError,
  readSarif,
  sarifUriToPath,
  streamTopLevelArray,
  toSarif,
  withFingerprints,
  type FindingDraft,
} from '../src/index.js';
import { jsonString } from '../src/json-text.js';

const SOURCE = 'scan.sarif';
/** Keys that would reach Object.prototype through a careless merge or assignment. */
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const key = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 6 }));
/** JSON values whose object keys include the prototype's own names. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A URI as scanners write them, and as a hostile file could: percent escapes (valid or not), file://, brackets. */
const uri = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc
    .tuple(fc.constantFrom('file://', 'file:///', ''), fc.stringMatching(/^[a-z/%0-9A-F[\] .#?:]{0,16}$/))
    .map(([scheme, rest]) => scheme + rest),
);
/** Text a field may hold, or any JSON value where the reader expects text. */
const field = (text: fc.Arbitrary<unknown>) => fc.oneof(text, json);
const result = fc.record(
  {
    ruleId: field(fc.stringMatching(/^[A-Z]{2,4}-\d{1,4}$/)),
    ruleIndex: field(fc.integer({ min: -1, max: 3 })),
    level: field(fc.constantFrom('error', 'warning', 'note', 'none')),
    message: field(fc.record({ text: fc.string({ unit: 'binary', maxLength: 20 }) })),
    locations: field(
      fc.array(
        fc.record({
          physicalLocation: fc.record({
            artifactLocation: fc.record({ uri: field(uri) }),
            region: field(fc.record({ startLine: field(fc.integer({ min: -2, max: 99 })) })),
          }),
        }),
        { maxLength: 2 },
      ),
    ),
    properties: field(fc.record({ 'security-severity': field(fc.constantFrom('9.8', '4.0', 'x')) })),
    suppressions: field(fc.array(json, { maxLength: 1 })),
  },
  { requiredKeys: [] },
);
const run = fc.record(
  {
    tool: field(
      fc.record({
        driver: fc.record({
          name: field(fc.string({ maxLength: 8 })),
          rules: field(fc.array(fc.record({ id: field(fc.string({ maxLength: 8 })) }), { maxLength: 3 })),
        }),
      }),
    ),
    results: field(fc.array(field(result), { maxLength: 4 })),
    invocations: field(fc.array(fc.record({ executionSuccessful: field(fc.boolean()) }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
/** SARIF-shaped logs, right and wrong in every part. */
const sarifLog = fc.record(
  { version: field(fc.constant('2.1.0')), runs: field(fc.array(field(run), { maxLength: 3 })) },
  { requiredKeys: [] },
);

/** Runs `read` and checks it either answers or throws a FindingsFormatError that names the source. */
function readsOrRefuses<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    expect(error).toBeInstanceOf(FindingsFormatError);
    expect((error as Error).message.startsWith(`${SOURCE} is not valid SARIF: `)).toBe(true);
    return undefined;
  }
}

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

describe('readSarif (properties)', () => {
  it('reads any SARIF-shaped log, or refuses it with a FindingsFormatError naming the file', () => {
    fc.assert(
      fc.property(sarifLog, (log) => {
        const drafts = readsOrRefuses(() => readSarif(log, SOURCE));
        for (const draft of drafts ?? []) {
          expect(typeof draft.ruleId).toBe('string');
          expect(draft.ruleId).not.toBe('');
          expect(typeof draft.location.file).toBe('string');
        }
        expectPrototypeUntouched();
      }),
      { numRuns: 500 },
    );
  });

  it('answers any text with findings or a FindingsFormatError (JSON text with __proto__ keys included)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      json.map((value) => JSON.stringify(value)),
      sarifLog.map((log) => JSON.stringify(log).replace(/"polluted"/g, '"__proto__"')),
    );
    fc.assert(
      fc.property(text, (input) => {
        readsOrRefuses(() => readSarif(input, SOURCE));
        expectPrototypeUntouched();
      }),
      { numRuns: 500 },
    );
  });

  it('turns any artifact URI into a path without throwing', () => {
    fc.assert(fc.property(uri, (value) => expect(typeof sarifUriToPath(value)).toBe('string')));
  });

  it('reads back what the SARIF writer wrote: rule, file, lines, severity, message', () => {
    const path = fc.stringMatching(/^[a-z0-9]{1,6}(\/[a-z0-9 %#?[\]ü]{1,6}){0,2}\.tf$/);
    const draft: fc.Arbitrary<FindingDraft> = fc
      .record({
        ruleId: fc.stringMatching(/^[A-Z]{3}-\d{4}$/),
        message: fc.string({ minLength: 1, maxLength: 30 }).filter((m) => m.trim() !== ''),
        severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'informational'),
        file: path,
        startLine: fc.integer({ min: 1, max: 500 }),
        span: fc.integer({ min: 0, max: 5 }),
      })
      .map((f) => ({
        ruleId: f.ruleId,
        ruleAliases: [],
        title: `Title of ${f.ruleId}`,
        message: f.message,
        severity: f.severity,
        location: { file: f.file, startLine: f.startLine, endLine: f.startLine + f.span },
        tool: { name: 'tfsec', version: '1.28.14' },
      }));
    fc.assert(
      fc.property(fc.array(draft, { minLength: 1, maxLength: 5 }), (drafts) => {
        const findings = withFingerprints(drafts.map((d) => structuredClone(d)));
        const written = JSON.stringify(
          toSarif(
            findings.map((finding) => ({ finding })),
            { name: 'tfsec' },
          ),
        );
        const read = readSarif(written, SOURCE);
        const essentials = (d: FindingDraft) => ({
          ruleId: d.ruleId,
          message: d.message,
          severity: d.severity,
          location: d.location,
        });
        expect(read.map(essentials).sort(byJson)).toEqual(drafts.map(essentials).sort(byJson));
      }),
      { numRuns: 200 },
    );
  });
});
const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('streamTopLevelArray (properties)', () => {
  /** The streamed document put back together: the shell with its array elements. */
  const reassembled = (text: string, keys: readonly string[]) => {
    const document = streamTopLevelArray(text, keys);
    if (!document) return undefined;
    return { ...(document.shell as Record<string, unknown>), [document.key]: [...document.elements()] };
  };

  it('gives exactly what JSON.parse gives for any document with the array, however it is spaced', () => {
    const document = fc.record({
      before: fc.dictionary(key, json, { maxKeys: 3 }),
      results: fc.array(json, { maxLength: 6 }),
      indent: fc.constantFrom(undefined, 0, 2, '\t'),
    });
    fc.assert(
      fc.property(document, ({ before, results, indent }) => {
        const value = { ...before, Results: results };
        const text = JSON.stringify(value, null, indent);
        const read = reassembled(text, ['Results']);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        if (read === undefined) {
          // Only a document whose keys repeat the array's key (an escaped spelling among them) is not streamed.
          expect(Object.keys(before).some((k) => k === 'Results')).toBe(true);
        } else {
          expect(JSON.stringify(read)).toBe(JSON.stringify(parsed));
        }
        expectPrototypeUntouched();
      }),
      { numRuns: 500 },
    );
  });

  it('answers any text with a document, undefined, or a SyntaxError, and ends', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.tuple(json, fc.nat(), fc.string({ maxLength: 3 })).map(([value, at, junk]) => {
        const whole = JSON.stringify({ Results: [value], x: value });
        const cut = at % (whole.length + 1);
        return whole.slice(0, cut) + junk + whole.slice(cut);
      }),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          const document = streamTopLevelArray(input, ['Results', 'results']);
          if (document) for (const element of document.elements()) expect(element).not.toBe(undefined);
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('jsonString (properties)', () => {
  it('writes exactly what JSON.stringify writes, lone surrogates and controls included', () => {
    const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
    const text = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), loneSurrogate), { maxLength: 8 });
    fc.assert(fc.property(text, (parts) => expect(jsonString(parts.join(''))).toBe(JSON.stringify(parts.join('')))));
  });
});
