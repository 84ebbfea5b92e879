import { describe, it, expect } from '@jest/globals';
import { FindingsFormatError } from '@aws-delivery/findings';
import { readScanResults, resourceAddress, detectFormat } from '../src/parse/read-results.js';
import { readTfsecJson } from '../src/parse/tfsec-json.js';
import { readTrivyJson } from '../src/parse/trivy-json.js';
import { toWorkspacePath } from '../src/parse/workspace-paths.js';
import { readScannerFixture } from './fixtures.js';

const paths = { workspace: '/home/runner/work/repo/repo', scanRoot: '/home/runner/work/repo/repo/infra' };
const read = (file: string) => readScanResults(readScannerFixture(file), { format: 'auto', source: file, paths });

describe('tfsec JSON (real fixture)', () => {
  const findings = read('tfsec/results.json');

  it('reads both failed results with both ids, the AVD one canonical', () => {
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.file, f.location.startLine, f.resource])).toEqual([
      ['AWS-0030', 'high', 'vendor/modules.txt', 7, 'image_scanning_configuration.scan_on_push'],
      ['AWS-0031', 'high', 'go.mod', 5, 'aws_ecr_repository.foobarrr'],
    ]);
    expect(findings[0]!.ruleAliases).toEqual(['AVD-AWS-0030', 'AWS023', 'aws-ecr-enable-image-scans']);
    expect(findings[1]!.ruleAliases).toContain('aws-ecr-enforce-immutable-repository');
  });

  it('keeps title, message, link, resolution and the tool', () => {
    expect(findings[0]).toMatchObject({
      title: 'ECR repository has image scans disabled.',
      message: 'Image scanning is not enabled.',
      helpUri: 'https://aquasecurity.github.io/tfsec/v1.19.1/checks/aws/ecr/enable-image-scans/',
      resolution: 'Enable ECR image scanning',
      tool: { name: 'tfsec' },
      originalSeverity: 'HIGH',
    });
    expect(findings[0]!.ignoredByScanner).toBeUndefined();
  });

  it('reads results: null as no findings', () => {
    expect(readTfsecJson('{"results": null}', 'x')).toEqual([]);
  });

  it('drops passed results and marks ignored ones (status 1 and 2)', () => {
    const base = { rule_id: 'AVD-AWS-0089', severity: 'LOW', location: { filename: '/w/main.tf', start_line: 1 } };
    const drafts = readTfsecJson(
      JSON.stringify({
        results: [
          { ...base, status: 1 },
          { ...base, status: 2 },
          { ...base, status: 0 },
        ],
      }),
      'x',
    );
    expect(drafts.map((d) => d.ignoredByScanner ?? false)).toEqual([true, false]);
  });

  it.each([
    ['{}', 'no "results" key'],
    ['{"results": {}}', 'not an array'],
    ['{"results": [{"severity": "HIGH", "location": {"filename": "a"}}]}', 'no rule_id or long_id'],
    [
      '{"results": [{"rule_id": "x", "severity": "SEVERE", "location": {"filename": "a"}}]}',
      'severity "SEVERE" is unknown',
    ],
    ['{"results": [{"rule_id": "x", "severity": "LOW", "location": {}}]}', 'location.filename is missing'],
    ['{"results": [{"rule_id": "x", "severity": "LOW", "status": 7, "location": {"filename": "a"}}]}', 'not 0, 1 or 2'],
  ])('refuses %s', (content, problem) => {
    expect(() => readTfsecJson(content, 'tfsec.json')).toThrow(FindingsFormatError);
    expect(() => readTfsecJson(content, 'tfsec.json')).toThrow(problem);
  });
});

describe('tfsec SARIF (real fixture)', () => {
  it('reads the long id and maps it to the AVD id', () => {
    const [finding] = read('tfsec/results.sarif');
    expect(finding).toMatchObject({
      ruleId: 'AWS-0023',
      severity: 'high',
      location: { file: 'infra/test.test', startLine: 123, endLine: 123 },
    });
    expect(finding!.ruleAliases).toContain('aws-dynamodb-enable-at-rest-encryption');
  });
});

describe('Trivy JSON (real fixtures, both id generations)', () => {
  const current = read('trivy/config-scan-report.json');
  const legacy = read('trivy/config-scan-report-legacy-avdid.json');

  it('reads the 8 failures of Trivy 0.72 (AWS-0086 ids)', () => {
    expect(
      current.map((f) => [f.ruleId, f.severity, f.location.file, f.location.startLine, f.location.endLine]),
    ).toEqual([
      ['AWS-0086', 'high', 'infra/main.tf', 8, 10],
      ['AWS-0087', 'high', 'infra/main.tf', 8, 10],
      ['AWS-0089', 'low', 'infra/main.tf', 8, 10],
      ['AWS-0090', 'medium', 'infra/main.tf', 16, 16],
      ['AWS-0091', 'high', 'infra/main.tf', 8, 10],
      ['AWS-0093', 'high', 'infra/main.tf', 8, 10],
      ['AWS-0094', 'low', 'infra/main.tf', 8, 10],
      ['AWS-0132', 'high', 'infra/main.tf', 8, 10],
    ]);
    expect(current[0]).toMatchObject({
      resource: 'aws_s3_bucket.bucket',
      tool: { name: 'trivy', version: '0.72.0' },
      helpUri: 'https://avd.aquasec.com/misconfig/aws-0086',
      snippet: 'resource "aws_s3_bucket" "bucket" {\n  bucket = "trivy-action-bucket"\n}',
    });
  });

  it('reads the 9 failures of the legacy report, including ID s3-bucket-logging with AVDID AVD-AWS-0089', () => {
    expect(legacy).toHaveLength(9);
    const logging = legacy.find((f) => f.ruleId === 'AWS-0089')!;
    expect(logging.ruleAliases).toEqual(expect.arrayContaining(['s3-bucket-logging', 'AVD-AWS-0089', 'AWS002']));
    expect(legacy.map((f) => f.ruleId)).toContain('AWS-0088');
  });

  it('gives the same check on the same resource the same fingerprint in both generations', () => {
    const legacyByRule = new Map(legacy.map((f) => [f.ruleId, f.fingerprint]));
    for (const finding of current) expect(legacyByRule.get(finding.ruleId)).toBe(finding.fingerprint);
  });

  it('reads a scan without failures (no Misconfigurations key) as no findings', () => {
    expect(read('trivy/with-tf-vars-report.json')).toEqual([]);
  });

  it.each([
    ['{"SchemaVersion": 3, "Results": []}', 'SchemaVersion'],
    ['{"SchemaVersion": 2, "Results": {}}', 'not an array'],
    [
      '{"SchemaVersion": 2, "Results": [{"Target": "a", "Misconfigurations": [{"Status": "FAIL", "Severity": "HIGH"}]}]}',
      'has no ID',
    ],
    // Trivy lists every file it scanned (the fixtures above list clean ones too): no target means no scan ran.
    ['{"SchemaVersion": 2, "ArtifactName": "."}', 'no scanned file, so no scan ran'],
    ['{"SchemaVersion": 2, "ArtifactName": ".", "Results": null}', 'no scanned file'],
    ['{"SchemaVersion": 2, "ArtifactName": ".", "Results": []}', 'no scanned file'],
  ])('refuses %s', (content, problem) => {
    expect(() => readTrivyJson(content, 'trivy.json')).toThrow(problem);
    expect(() => readScanResults(content, { format: 'auto', source: 'trivy.json', paths })).toThrow(problem);
  });
});

describe('Trivy SARIF (real fixture)', () => {
  it('reads the same checks as Trivy JSON of the same scan, each with its own fingerprint', () => {
    const sarif = read('trivy/config-sarif-report-report.sarif');
    const json = read('trivy/config-scan-report.json');
    expect(sarif.map((f) => f.ruleId)).toEqual(json.map((f) => f.ruleId));
    // SARIF has no resource, so its fingerprints use no anchor: equal among themselves per rule, not to JSON's.
    expect(new Set(sarif.map((f) => f.fingerprint)).size).toBe(sarif.length);
  });
});

describe('cross-scanner', () => {
  it('tfsec and Trivy give one fingerprint for one check on one resource', () => {
    const paths2 = { workspace: '/w', scanRoot: '/w' };
    const tfsec = readScanResults(
      JSON.stringify({
        results: [
          {
            rule_id: 'AVD-AWS-0088',
            long_id: 'aws-s3-enable-bucket-encryption',
            severity: 'HIGH',
            status: 0,
            resource: 'aws_s3_bucket.bucket.server_side_encryption_configuration',
            location: { filename: '/w/main.tf', start_line: 9, end_line: 9 },
          },
        ],
      }),
      { format: 'auto', source: 'tfsec', paths: paths2 },
    );
    const trivy = readScanResults(readScannerFixture('trivy/config-scan-report-legacy-avdid.json'), {
      format: 'auto',
      source: 'trivy',
      paths: paths2,
    }).find((f) => f.ruleId === 'AWS-0088');
    expect(tfsec[0]!.fingerprint).toBe(trivy!.fingerprint);
  });
});

describe('paths and formats', () => {
  it.each([
    ['/home/runner/work/repo/repo/infra/main.tf', 'infra/main.tf'],
    ['/github/workspace/modules/x.tf', 'modules/x.tf'],
    ['main.tf', 'infra/main.tf'],
    ['./sub/../main.tf', 'infra/main.tf'],
    ['/etc/other.tf', '/etc/other.tf'],
    ['C:\\a\\b.tf', 'C:/a/b.tf'],
  ])('%s -> %s', (raw, expected) => {
    expect(toWorkspacePath(raw, paths)).toBe(expected);
  });

  it.each([
    ['aws_s3_bucket.logs.logging', 'aws_s3_bucket.logs'],
    ['module.storage.aws_s3_bucket.logs.versioning', 'module.storage.aws_s3_bucket.logs'],
    ['aws_s3_bucket.logs["a.b"].acl', 'aws_s3_bucket.logs["a.b"]'],
    ['data.aws_iam_policy_document.p.statement', 'data.aws_iam_policy_document.p'],
    ['AWS::S3::Bucket', 'AWS::S3::Bucket'],
  ])('resource %s -> %s', (raw, expected) => {
    expect(resourceAddress(raw)).toBe(expected);
  });

  it('refuses JSON that is no scanner output', () => {
    expect(() => detectFormat({ foo: 1 }, 'x.json')).toThrow('neither tfsec JSON');
    expect(() => readScanResults('[]', { format: 'auto', source: 'x', paths })).toThrow(FindingsFormatError);
  });
});
