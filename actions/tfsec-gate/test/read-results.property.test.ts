// Property tests of the scanner-output reader (tfsec JSON, Trivy JSON, SARIF, detected or named): a pull request
// controls what the scanner reads, and results-file is any file. Anything in gives findings or a FindingsFormatError
// naming the file; the streamed read of a text equals the read of its parsed JSON; nothing pollutes Object.prototype.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FindingsFormatError } from '@aws-delivery/findings';
import { readParsedResults, readScanResults, type ReadOptions } from '../src/parse/read-results.js';
import type { ResultFormat } from '../src/parse/result-formats.js';

const SOURCE = 'results.json';
const paths = { workspace: '/github/workspace', scanRoot: '/github/workspace/infra' };
const options = (format: ResultFormat): ReadOptions => ({ format, source: SOURCE, paths, toolVersion: '1.28.14' });
const FORMATS: ResultFormat[] = ['auto', 'tfsec-json', 'trivy-json', 'sarif'];
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString'), fc.string({ maxLength: 5 }));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 300 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
/** Where the reader expects this shape: the shape, or any JSON value instead. */
const field = (shape: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: shape }, { weight: 1, arbitrary: json });
const severity = field(fc.constantFrom('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN', 'high', 'bogus'));
const file = field(fc.constantFrom('/github/workspace/infra/main.tf', 'main.tf', '../outside.tf', 'C:\\x\\y.tf', ''));
const startLine = field(fc.integer({ min: -1, max: 40 }));

const tfsecResult = fc.record(
  {
    rule_id: field(fc.constantFrom('AVD-AWS-0086', 'aws-s3-block-public-acls', '')),
    long_id: field(fc.constantFrom('aws-s3-block-public-acls', '')),
    severity,
    status: field(fc.constantFrom(0, 1, 2, 3)),
    description: field(fc.string({ maxLength: 10 })),
    resource: field(fc.constantFrom('aws_s3_bucket.logs', 'module.a.aws_s3_bucket.b[0]', '')),
    location: field(fc.record({ filename: file, start_line: startLine, end_line: startLine }, { requiredKeys: [] })),
    links: field(fc.array(field(fc.webUrl()), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const tfsecDocument = fc.record({ results: field(fc.oneof(fc.constant(null), fc.array(field(tfsecResult)))) });

const misconfiguration = fc.record(
  {
    ID: field(fc.constantFrom('AVD-AWS-0086', 'AWS-0086', '')),
    AVDID: field(fc.constantFrom('AVD-AWS-0086', '')),
    Title: field(fc.string({ maxLength: 10 })),
    Message: field(fc.string({ maxLength: 10 })),
    Severity: severity,
    Status: field(fc.constantFrom('FAIL', 'PASS', 'EXCEPTION')),
    CauseMetadata: field(fc.record({ StartLine: startLine, EndLine: startLine, Resource: field(fc.string()) })),
  },
  { requiredKeys: [] },
);
const trivyDocument = fc.record(
  {
    SchemaVersion: field(fc.constant(2)),
    ArtifactName: field(fc.constant('infra')),
    Results: field(
      fc.array(
        field(
          fc.record(
            {
              Target: file,
              Class: field(fc.constantFrom('config', 'secret')),
              Misconfigurations: field(fc.array(field(misconfiguration), { maxLength: 3 })),
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: [] },
);
const sarifDocument = fc.record({
  version: fc.constant('2.1.0'),
  runs: fc.array(
    fc.record({
      tool: fc.record({ driver: fc.record({ name: fc.constant('tfsec') }) }),
      results: fc.array(
        fc.record({
          ruleId: field(fc.constant('AVD-AWS-0086')),
          level: field(fc.constantFrom('error', 'warning')),
          locations: fc.constant([{ physicalLocation: { artifactLocation: { uri: 'main.tf' } } }]),
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  ),
});
const document = fc.oneof(tfsecDocument, trivyDocument, sarifDocument, json);

/** What a read gave: the findings, or the message of the FindingsFormatError it refused the input with. */
function outcome(read: () => unknown): unknown {
  try {
    return { findings: read() };
  } catch (error) {
    expect(error).toBeInstanceOf(FindingsFormatError);
    expect((error as Error).message.startsWith(`${SOURCE} is not valid `)).toBe(true);
    return { refused: (error as Error).message };
  }
}

describe('readScanResults (properties)', () => {
  it('reads any document in any format, or refuses it with a FindingsFormatError naming the file', () => {
    fc.assert(
      fc.property(document, fc.constantFrom(...FORMATS), fc.constantFrom(undefined, 2), (data, format, indent) => {
        const text = JSON.stringify(data, null, indent);
        const fromText = outcome(() => readScanResults(text, options(format)));
        // The streamed read of the text and the read of the parsed document are the same read.
        expect(fromText).toEqual(outcome(() => readParsedResults(JSON.parse(text), options(format))));
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers any text, broken JSON included, with findings or a FindingsFormatError', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.tuple(document, fc.nat(), fc.string({ maxLength: 2 })).map(([data, at, junk]) => {
        const whole = JSON.stringify(data);
        const cut = at % (whole.length + 1);
        return whole.slice(0, cut) + junk + whole.slice(cut + 1);
      }),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...FORMATS), (input, format) => {
        outcome(() => readScanResults(input, options(format)));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives every finding a rule id, a severity and a workspace path that is not outside it when relative', () => {
    fc.assert(
      fc.property(fc.oneof(tfsecDocument, trivyDocument), (data) => {
        const read = outcome(() => readScanResults(JSON.stringify(data), options('auto'))) as {
          findings?: { ruleId: string; severity: string; location: { file: string } }[];
        };
        for (const finding of read.findings ?? []) {
          expect(finding.ruleId).not.toBe('');
          expect(['critical', 'high', 'medium', 'low', 'informational']).toContain(finding.severity);
          expect(finding.location.file.startsWith('../')).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
