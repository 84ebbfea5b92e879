import { describe, it, expect } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, streamTopLevelArray } from '@aws-delivery/findings';
import { readParsedResults, readScanResults, type ReadOptions } from '../src/parse/read-results.js';
import { RESULT_FORMATS } from '../src/parse/result-formats.js';
import { readScannerFixture, scannerFixtures } from './fixtures.js';

const paths = { workspace: '/home/runner/work/repo/repo', scanRoot: '/home/runner/work/repo/repo/infra' };
const LABEL = { auto: 'scanner output', 'tfsec-json': 'tfsec JSON', 'trivy-json': 'Trivy JSON', sarif: 'SARIF' };

/** What reading the whole text at once gives: the findings, or the message it fails with. */
function wholeRead(text: string, options: ReadOptions): string {
  try {
    return JSON.stringify(readParsedResults(parseJson(text, LABEL[options.format], options.source), options));
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

function streamedRead(text: string, options: ReadOptions): string {
  try {
    return JSON.stringify(readScanResults(text, options));
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** Every real scanner output in the committed fixtures (JSON and SARIF). */
const FIXTURES = ['tfsec', 'trivy'].flatMap((dir) =>
  readdirSync(join(scannerFixtures, dir))
    .filter((name) => name.endsWith('.json') || name.endsWith('.sarif'))
    .map((name) => `${dir}/${name}`),
);

describe('the element-by-element read of a report', () => {
  it('covers the real fixtures of both scanners', () => {
    expect(FIXTURES).toEqual(
      expect.arrayContaining([
        'tfsec/results.json',
        'tfsec/results.sarif',
        'trivy/config-scan-report.json',
        'trivy/config-scan-report-legacy-avdid.json',
        'trivy/config-sarif-report-report.sarif',
      ]),
    );
    // The JSON reports are really read element by element (the SARIF ones are parsed whole).
    for (const fixture of FIXTURES.filter((f) => f.endsWith('.json') && f !== 'trivy/with-tf-vars-report.json')) {
      expect(streamTopLevelArray(readScannerFixture(fixture), ['Results', 'results'])).toBeDefined();
    }
  });

  it.each(FIXTURES.flatMap((fixture) => RESULT_FORMATS.map((format) => [fixture, format] as const)))(
    'gives %s read as %s exactly what reading it whole gives',
    (fixture, format) => {
      const text = readScannerFixture(fixture);
      const options = { format, source: fixture, paths };
      expect(streamedRead(text, options)).toBe(wholeRead(text, options));
    },
  );

  const tfsecResult = (overrides: object = {}) => ({
    rule_id: 'AVD-AWS-0086',
    long_id: 'aws-s3-block-public-acls',
    rule_description: 'S3 Access block should block public ACL',
    description: 'No public access block "]}[{',
    severity: 'HIGH',
    resolution: 'Enable blocking \\ any PUT calls',
    links: ['https://avd.aquasec.com/misconfig/aws-0086'],
    resource: 'aws_s3_bucket.logs.acl',
    status: 0,
    location: { filename: '/home/runner/work/repo/repo/infra/main.tf', start_line: 3, end_line: 9 },
    ...overrides,
  });
  const many = Array.from({ length: 3000 }, (_, i) =>
    tfsecResult({ description: `finding ${i} ü 😀 \\"]`, status: i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0 }),
  );

  it.each([
    ['a large tfsec report', JSON.stringify({ results: many })],
    ['a large indented tfsec report', JSON.stringify({ results: many }, null, 2)],
    [
      'a large Trivy report',
      JSON.stringify({
        SchemaVersion: 2,
        Trivy: { Version: '0.72.0' },
        Results: Array.from({ length: 300 }, (_, r) => ({
          Target: `modules/m${r}/main.tf`,
          Misconfigurations: Array.from({ length: 10 }, (_, m) => ({
            ID: 'AWS-0086',
            Title: 'S3 [x] "y"',
            Message: `m ${r}-${m}`,
            Severity: ['HIGH', 'LOW'][m % 2],
            Status: m % 5 ? 'FAIL' : 'PASS',
            CauseMetadata: { Resource: `aws_s3_bucket.b${m % 3}`, StartLine: m + 1, EndLine: m + 2 },
          })),
        })),
      }),
    ],
    ['a syntax error after an element with a problem', '{"results": [{"severity": "HIGH"}, {"x": nope}]}'],
    ['a problem in an element of a valid report', '{"results": [{"rule_id": "a", "severity": "NOPE"}]}'],
    ['a problem in the second element', `{"results": [${JSON.stringify(tfsecResult())}, 7]}`],
    ['a syntax error after the array', `{"results": [${JSON.stringify(tfsecResult())}], "x": }`],
    ['a Trivy report with the wrong schema and a broken element', '{"SchemaVersion": 3, "Results": [{]}'],
    ['duplicate keys', `{"results": [], "results": [${JSON.stringify(tfsecResult())}]}`],
    ['both keys', `{"Results": [], "results": [${JSON.stringify(tfsecResult())}]}`],
    ['SARIF keys beside Results', '{"version": "2.1.0", "runs": [], "Results": [1]}'],
    ['a byte order mark', `\uFEFF{"results": []}`],
    ['nothing', ''],
  ])('gives %s exactly what reading it whole gives, in every format', (_, text) => {
    for (const format of RESULT_FORMATS) {
      const options = { format, source: 'report.json', paths };
      expect(streamedRead(text, options)).toBe(wholeRead(text, options));
    }
  });
});
