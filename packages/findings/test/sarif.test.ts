import { describe, it, expect } from '@jest/globals';
import {
  FINGERPRINT_KEY,
  FindingsFormatError,
  readSarif,
  sarifJsonChunks,
  toSarif,
  withFingerprints,
} from '../src/index.js';
import { readScannerFixture } from './fixtures.js';
import { variedFindings } from './varied-findings.js';

describe('readSarif on real scanner output', () => {
  it('reads the tfsec SARIF fixture', () => {
    const drafts = readSarif(readScannerFixture('tfsec/results.sarif'), 'tfsec/results.sarif');
    expect(drafts).toEqual([
      {
        ruleId: 'aws-dynamodb-enable-at-rest-encryption',
        ruleAliases: [],
        title: 'summary',
        message: 'Cluster encryption is not enabled.',
        severity: 'high',
        originalSeverity: 'error',
        location: { file: 'test.test', startLine: 123, endLine: 123 },
        helpUri: 'https://google.com',
        tool: { name: 'tfsec' },
      },
    ]);
  });

  it('reads the Trivy SARIF fixture with severities from security-severity', () => {
    const drafts = readSarif(readScannerFixture('trivy/config-sarif-report-report.sarif'));
    expect(
      drafts.map((d) => [d.ruleId, d.severity, d.location.file, d.location.startLine, d.location.endLine]),
    ).toEqual([
      ['AWS-0086', 'high', 'main.tf', 8, 10],
      ['AWS-0087', 'high', 'main.tf', 8, 10],
      ['AWS-0089', 'low', 'main.tf', 8, 10],
      ['AWS-0090', 'medium', 'main.tf', 16, 16],
      ['AWS-0091', 'high', 'main.tf', 8, 10],
      ['AWS-0093', 'high', 'main.tf', 8, 10],
      ['AWS-0094', 'low', 'main.tf', 8, 10],
      ['AWS-0132', 'high', 'main.tf', 8, 10],
    ]);
    expect(drafts[0]!.title).toBe('S3 Access block should block public ACL');
    expect(drafts[0]!.originalSeverity).toBe('8.0');
    expect(drafts[0]!.tool).toEqual({ name: 'Trivy' });
  });

  it.each([
    ['', 'it is empty'],
    ['{', 'not valid SARIF'],
    ['{"version":"2.1.0"}', 'no "runs" array'],
    ['{"version":"2.0.0","runs":[]}', 'expected "2.1.0"'],
    ['{"version":"2.1.0","runs":[{"results":[{"message":{"text":"x"}}]}]}', 'no ruleId'],
    // Logs that show no scan ran prove nothing: SARIF 2.1.0 §3.14.23 (results absent) and §3.20.14 (invocations).
    ['{"version":"2.1.0","runs":[]}', 'no run, so no scan ran'],
    ['{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}}}]}', 'runs[0] has no "results" array'],
    ['{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":null}]}', 'did not complete a scan'],
    [
      '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":[],' +
        '"invocations":[{"executionSuccessful":false,"toolExecutionNotifications":[{"message":{"text":"no such dir"}}]}]}]}',
      'runs[0].invocations[0].executionSuccessful is false ("no such dir")',
    ],
    [
      '{"version":"2.1.0","runs":[{"results":[]},{"results":[],"invocations":[{"executionSuccessful":false}]}]}',
      'runs[1].invocations[0].executionSuccessful is false',
    ],
  ])('refuses %j', (content, problem) => {
    expect(() => readSarif(content, 'in.sarif')).toThrow(FindingsFormatError);
    expect(() => readSarif(content, 'in.sarif')).toThrow(problem);
  });

  it('takes a security-severity that is not a number or numeric string as none (a property test found one that threw)', () => {
    const withScore = (score: unknown) => ({
      version: '2.1.0',
      runs: [{ results: [{ ruleId: 'R1', level: 'warning', properties: { 'security-severity': score } }] }],
    });
    for (const score of [Object.create(null), { valueOf: () => 9.8 }, [9.8], true, null, '', ' ']) {
      expect(readSarif(withScore(score), 'in.sarif').map((f) => f.severity)).toEqual(['medium']);
    }
    expect(readSarif(withScore(9.8), 'in.sarif')[0]!.severity).toBe('critical');
    expect(readSarif(withScore('7.5'), 'in.sarif')[0]!.severity).toBe('high');
  });

  it('decodes file:// and percent-encoded URIs and keeps suppressed results marked', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x', rules: [{ id: 'R1', properties: { 'security-severity': '9.8' } }] } },
          results: [
            {
              ruleId: 'R1',
              message: { text: 'm' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///work/a%20b.tf' } } }],
            },
            {
              ruleId: 'R1',
              suppressions: [{ kind: 'inSource' }],
              locations: [{ physicalLocation: { artifactLocation: { uri: 'dir/c%20d.tf' } } }],
            },
          ],
        },
      ],
    };
    const [first, second] = readSarif(JSON.stringify(log));
    expect(first!.location.file).toBe('/work/a b.tf');
    expect(first!.severity).toBe('critical');
    expect(second!.location.file).toBe('dir/c d.tf');
    expect(second!.ignoredByScanner).toBe(true);
  });
});

interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }[];
  [key: string]: unknown;
}

describe('toSarif', () => {
  const findings = withFingerprints([
    {
      ruleId: 'AWS-0086',
      ruleAliases: ['AVD-AWS-0086', 'aws-s3-block-public-acls'],
      title: 'S3 Access block should block public ACL',
      message: 'No public access block so not blocking public acls',
      severity: 'high',
      location: { file: 'infra/main.tf', startLine: 8, endLine: 10 },
      resource: 'aws_s3_bucket.bucket',
      helpUri: 'https://avd.aquasec.com/misconfig/aws-0086',
      tool: { name: 'trivy' },
    },
    {
      ruleId: 'AWS-0086',
      ruleAliases: [],
      title: 'S3 Access block should block public ACL',
      message: 'again',
      severity: 'critical',
      location: { file: 'infra/other file.tf' },
      resource: 'aws_s3_bucket.other',
      tool: { name: 'trivy' },
    },
    {
      ruleId: 'AWS-0089',
      ruleAliases: [],
      title: 'S3 Bucket Logging',
      message: 'Bucket has logging disabled',
      severity: 'low',
      location: { file: 'infra/main.tf', startLine: 8 },
      tool: { name: 'trivy' },
    },
  ]);
  const log = toSarif(
    findings.map((finding, i) => ({
      finding,
      ...(i === 0 ? { baselineState: 'unchanged' as const } : { baselineState: 'new' as const }),
    })),
    { name: 'tfsec-gate', version: '1.0.0' },
  ) as {
    version: string;
    runs: {
      tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } };
      results: SarifResult[];
    }[];
  };
  const run = log.runs[0]!;

  it('is SARIF 2.1.0 with one rule per rule id, rated by its worst finding', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r) => [r.id, r.properties['security-severity']])).toEqual([
      ['AWS-0086', '9.5'],
      ['AWS-0089', '2.0'],
    ]);
  });

  it('writes each result with its own level, location, fingerprint and baseline state', () => {
    expect(run.results).toHaveLength(3);
    const [first, second, third] = run.results;
    expect(first).toMatchObject({
      ruleId: 'AWS-0086',
      ruleIndex: 0,
      level: 'error',
      baselineState: 'unchanged',
      partialFingerprints: { [FINGERPRINT_KEY]: findings[0]!.fingerprint },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 8, endLine: 10 },
          },
        },
      ],
    });
    expect(second!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('infra/other%20file.tf');
    expect(second!.locations[0]!.physicalLocation.region).toBeUndefined();
    expect(third).toMatchObject({ ruleIndex: 1, level: 'note', baselineState: 'new' });
  });

  it('round-trips through readSarif', () => {
    const back = readSarif(JSON.stringify(log));
    expect(back.map((d) => [d.ruleId, d.severity, d.location.file])).toEqual(
      findings.map((f) => [f.ruleId, f.severity, f.location.file]),
    );
  });

  it('writes an empty run when nothing is reported', () => {
    const empty = toSarif([], { name: 'tfsec-gate' }) as typeof log;
    expect(empty.runs[0]!.results).toEqual([]);
    expect(empty.runs[0]!.tool.driver.rules).toEqual([]);
  });
});

describe('sarifJsonChunks', () => {
  it('writes the same log as toSarif, in pieces', () => {
    const findings = withFingerprints(
      ['AWS-0086', 'AWS-0089', 'AWS-0086'].map((ruleId, i) => ({
        ruleId,
        ruleAliases: [],
        title: 't',
        message: `m${i}`,
        severity: i ? ('low' as const) : ('high' as const),
        location: { file: `f${i}.tf`, startLine: i + 1 },
        tool: { name: 'x' },
      })),
    );
    const entries = findings.map((finding) => ({ finding, baselineState: 'new' as const }));
    const chunks = [...sarifJsonChunks(entries, { name: 'gate' })];
    expect(chunks.length).toBe(entries.length + 2);
    expect(JSON.parse(chunks.join(''))).toEqual(toSarif(entries, { name: 'gate' }));
    expect(JSON.parse([...sarifJsonChunks([], { name: 'gate' })].join(''))).toEqual(toSarif([], { name: 'gate' }));
  });

  it.each([undefined, 'new', 'unchanged'] as const)(
    'writes exactly the text of JSON.stringify(toSarif(...)) (baseline state %s)',
    (state) => {
      const entries = variedFindings().map((finding, i) => ({
        finding,
        ...(state && i % 2 ? { baselineState: state } : {}),
      }));
      const tool = { name: 'tfsec-gate', version: '1.2.3', informationUri: 'https://example.com/"x"' };
      expect([...sarifJsonChunks(entries, tool)].join('')).toBe(JSON.stringify(toSarif(entries, tool)));
    },
  );

  it('refuses a file name encodeURI cannot encode, as toSarif does', () => {
    const [finding] = withFingerprints([
      {
        ruleId: 'R',
        ruleAliases: [],
        title: 't',
        message: 'm',
        severity: 'low',
        location: { file: 'a\ud800.tf' },
        tool: { name: 'x' },
      },
    ]);
    expect(() => toSarif([{ finding: finding! }], { name: 'gate' })).toThrow(URIError);
    expect(() => [...sarifJsonChunks([{ finding: finding! }], { name: 'gate' })]).toThrow(URIError);
  });
});
