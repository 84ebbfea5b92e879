import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asffJsonChunks,
  baselineContains,
  writeChunks,
  createBaseline,
  FindingsFormatError,
  parseBaseline,
  junitXmlChunks,
  toAsff,
  toJUnit,
  withFingerprints,
  type AsffContext,
  type Finding,
  type JUnitCase,
} from '../src/index.js';
import { variedFindings } from './varied-findings.js';

const [high, low] = withFingerprints([
  {
    ruleId: 'AWS-0088',
    ruleAliases: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption', 'AWS017'],
    title: 'Unencrypted S3 bucket.',
    message: 'Bucket does not have encryption enabled <&>',
    severity: 'high',
    originalSeverity: 'HIGH',
    location: { file: 'main.tf', startLine: 3, endLine: 9 },
    resource: 'aws_s3_bucket.data',
    resolution: 'Configure bucket encryption',
    helpUri: 'https://avd.aquasec.com/misconfig/aws-0088',
    tool: { name: 'tfsec', version: '1.28.14' },
  },
  {
    ruleId: 'AWS-0089',
    ruleAliases: [],
    title: 'x'.repeat(400),
    message: 'y'.repeat(2000),
    severity: 'low',
    location: { file: 'logs.tf' },
    tool: { name: 'trivy' },
  },
]) as [Finding, Finding];

const context = {
  productArn: 'arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default',
  awsAccountId: '123456789012',
  generator: 'tfsec-gate',
  observedAt: '2026-01-02T03:04:05.000Z',
  region: 'us-gov-west-1',
};

describe('toAsff', () => {
  const [a, b] = toAsff([high, low], context);

  it('writes every required ASFF attribute', () => {
    for (const key of [
      'SchemaVersion',
      'Id',
      'ProductArn',
      'GeneratorId',
      'AwsAccountId',
      'Types',
      'CreatedAt',
      'UpdatedAt',
      'Severity',
      'Title',
      'Description',
      'Resources',
    ]) {
      expect(a).toHaveProperty(key);
    }
    expect(a).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: `tfsec-gate/${high.fingerprint}`,
      GeneratorId: 'tfsec-gate/AWS-0088',
      ProductArn: context.productArn,
      Severity: { Label: 'HIGH', Normalized: 70, Original: 'HIGH' },
      Title: 'AWS-0088: Unencrypted S3 bucket.',
      Remediation: {
        Recommendation: { Text: 'Configure bucket encryption', Url: 'https://avd.aquasec.com/misconfig/aws-0088' },
      },
      Resources: [
        {
          Type: 'Other',
          Id: 'main.tf:3-9 aws_s3_bucket.data',
          Region: 'us-gov-west-1',
          Details: { Other: { file: 'main.tf', lines: '3-9', resource: 'aws_s3_bucket.data' } },
        },
      ],
      Region: 'us-gov-west-1',
      RecordState: 'ACTIVE',
    });
    expect(a!.ProductFields['findings/rule-aliases']).toBe('AVD-AWS-0088 aws-s3-enable-bucket-encryption AWS017');
  });

  it('keeps within the ASFF length limits and uses the low band score', () => {
    expect(b!.Title.length).toBeLessThanOrEqual(256);
    expect(b!.Description.length).toBeLessThanOrEqual(1024);
    expect(b!.Severity).toEqual({ Label: 'LOW', Normalized: 1 });
    expect(b!.Remediation).toBeUndefined();
    expect(b!.Resources[0]!.Id).toBe('logs.tf');
  });
});

describe('asffJsonChunks and writeChunks', () => {
  it('write the same JSON array as toAsff to a file, in pieces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asff-'));
    const path = join(dir, 'nested', 'findings.asff.json');
    writeChunks(path, asffJsonChunks([high, low], context));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(toAsff([high, low], context));
    writeChunks(path, asffJsonChunks([], context));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('flushes large outputs without losing a piece', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunks-'));
    const path = join(dir, 'big.txt');
    const piece = 'x'.repeat(1000);
    writeChunks(
      path,
      Array.from({ length: 3000 }, () => piece),
    );
    expect(readFileSync(path, 'utf8').length).toBe(3_000_000);
  });
});

describe('asffJsonChunks text', () => {
  const findings = variedFindings();
  it.each<[string, AsffContext]>([
    ['no region', { ...context, region: undefined }],
    ['an empty region', { ...context, region: '' }],
    [
      'types, product fields and source URLs',
      {
        ...context,
        generator: 'gate "x"',
        types: ['Software and Configuration Checks/Vulnerabilities', 'x"y'],
        productFields: { repository: 'acme/"infra"', ü: '漢字', empty: '' },
        sourceUrl: (f) =>
          f.ruleId === 'aws-x' ? undefined : `https://github.com/acme/infra/blob/abc/${f.location.file}`,
      },
    ],
    ['product fields that our own keys replace', { ...context, productFields: { 'findings/tool': 'mine', z: '1' } }],
  ])('is exactly JSON.stringify(toAsff(...)) with %s', (_, ctx) => {
    expect([...asffJsonChunks(findings, ctx)].join('')).toBe(JSON.stringify(toAsff(findings, ctx)));
  });

  it('is exactly JSON.stringify(toAsff(...)) when findings of a rule share their text, and when one differs', () => {
    // Parsers share one tool object and one alias array per rule: the writer makes a rule's text once for them.
    const tool = { name: 'trivy', version: '0.72.0' };
    const aliases = ['AVD-AWS-0086'];
    const shared: Finding[] = variedFindings(60).map((f) => ({
      ...f,
      ruleId: 'AWS-0086',
      title: 'S3 "public" ACL',
      resolution: 'Block it',
      helpUri: 'https://avd.aquasec.com/misconfig/aws-0086',
      ruleAliases: aliases,
      tool,
    }));
    const changed = (i: number, change: Partial<Finding>) => shared.splice(i, 1, { ...shared[i]!, ...change });
    changed(10, { title: 'another title' });
    changed(20, { resolution: undefined });
    changed(30, { helpUri: 'https://example.com/x' });
    changed(40, { ruleAliases: ['AVD-AWS-0086', 'AWS074'] });
    changed(41, { ruleAliases: ['AVD-AWS-0086'] }); // an equal array, not the shared one: made again
    changed(50, { tool: { name: 'trivy', version: '0.73.0' } });
    changed(55, { ruleId: 'AWS-0087' });
    expect([...asffJsonChunks(shared, context)].join('')).toBe(JSON.stringify(toAsff(shared, context)));
  });

  it('keeps the attributes in the documented order', () => {
    const [a] = toAsff([high], context);
    expect(Object.keys(a!)).toEqual([
      'SchemaVersion',
      'Id',
      'ProductArn',
      'GeneratorId',
      'AwsAccountId',
      'Types',
      'CreatedAt',
      'UpdatedAt',
      'Severity',
      'Title',
      'Description',
      'Remediation',
      'ProductFields',
      'Resources',
      'Region',
      'RecordState',
    ]);
    expect(Object.keys(a!.ProductFields)).toEqual(['findings/fingerprint', 'findings/tool', 'findings/rule-aliases']);
  });

  it('gives every finding its own Types list', () => {
    const [a, b] = toAsff([high, low], context);
    expect(a!.Types).toEqual(['Software and Configuration Checks']);
    expect(a!.Types).not.toBe(b!.Types);
  });
});

describe('toJUnit', () => {
  it('writes exactly the XML it always wrote: controls dropped, markup escaped', () => {
    const base = {
      ...high,
      title: 'T <b>',
      message: 'm',
      severity: 'high' as const,
      location: { file: 'a.tf', startLine: 3 },
    };
    const xml = toJUnit('suite "x" & <y>', [
      {
        finding: {
          ...base,
          message: 'ctrl \u0001\u0008 tab\t nl\n cr\r \u000b\u000c\u001f end 😀 ü',
          resource: 'aws_s3_bucket.a',
        },
        outcome: 'failed',
      },
      {
        finding: { ...base, title: 'q "quoted" & \'single\'', location: { file: 'dir/<b>.tf' }, resource: undefined },
        outcome: 'skipped',
        detail: 'exception: reason <x> & "y"',
      },
      { finding: { ...base, severity: 'low', resource: undefined }, outcome: 'passed' },
    ]);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites tests="3" failures="1" errors="0">',
        '  <testsuite name="suite &quot;x&quot; &amp; &lt;y&gt;" tests="3" failures="1" errors="0" skipped="1">',
        '    <testcase classname="a.tf" name="AWS-0088 aws_s3_bucket.a">',
        '      <failure message="high: T &lt;b&gt;" type="high">ctrl  tab\t nl',
        ' cr\r  end 😀 ü',
        'a.tf:3</failure>',
        '    </testcase>',
        '    <testcase classname="dir/&lt;b&gt;.tf" name="AWS-0088 dir/&lt;b&gt;.tf">',
        '      <skipped message="exception: reason &lt;x&gt; &amp; &quot;y&quot;"/>',
        '    </testcase>',
        '    <testcase classname="a.tf" name="AWS-0088 a.tf:3"></testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    expect(toJUnit('empty', [])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="0" failures="0" errors="0">\n' +
        '  <testsuite name="empty" tests="0" failures="0" errors="0" skipped="0">\n  </testsuite>\n</testsuites>\n',
    );
  });

  it('streams the same XML in pieces from cases made as they are needed', () => {
    const cases: JUnitCase[] = variedFindings(60).map((finding, i) => ({
      finding,
      outcome: (['failed', 'skipped', 'passed'] as const)[i % 3]!,
      ...(i % 2 ? { detail: `reason ${i} <&>` } : {}),
    }));
    let made = 0;
    const lazily = {
      *[Symbol.iterator]() {
        for (const c of cases) {
          made++;
          yield c;
        }
      },
    };
    const chunks = [...junitXmlChunks('suite', lazily)];
    expect(chunks.join('')).toBe(toJUnit('suite', cases));
    expect(chunks.length).toBe(cases.length + 4);
    expect(made).toBe(2 * cases.length); // once for the totals, once for the cases
  });

  it('writes failures, skips and passes with XML escaped', () => {
    const xml = toJUnit('tfsec-gate', [
      { finding: high, outcome: 'failed', detail: 'high is at or above fail-on "high"' },
      { finding: low, outcome: 'skipped', detail: 'exception by team-a' },
    ]);
    expect(xml).toContain('<testsuites tests="2" failures="1" errors="0">');
    expect(xml).toContain('<testcase classname="main.tf" name="AWS-0088 aws_s3_bucket.data">');
    expect(xml).toContain('<failure message="high is at or above fail-on &quot;high&quot;" type="high">');
    expect(xml).toContain('encryption enabled &lt;&amp;&gt;');
    expect(xml).toContain('<skipped message="exception by team-a"/>');
  });
});

describe('baseline', () => {
  it('contains what it was created from, and nothing else', () => {
    const baseline = parseBaseline(JSON.stringify(createBaseline([high], '2026-01-01T00:00:00Z')), 'b.json');
    const contains = baselineContains(baseline);
    expect(contains(high)).toBe(true);
    expect(contains(low)).toBe(false);
    expect(baseline.findings[0]).toEqual({
      fingerprint: high.fingerprint,
      ruleId: 'AWS-0088',
      file: 'main.tf',
      resource: 'aws_s3_bucket.data',
    });
  });

  it('contains nothing when there is no baseline', () => {
    expect(baselineContains(undefined)(high)).toBe(false);
  });

  it.each([
    ['{}', 'expected {"version": 1'],
    ['{"version":1,"findings":[{"fingerprint":"abc"}]}', 'findings[0] has no "fingerprint"'],
    ['not json', 'not valid baseline JSON'],
  ])('refuses %j naming the file', (content, problem) => {
    expect(() => parseBaseline(content, '.tfsec-gate/baseline.json')).toThrow(FindingsFormatError);
    expect(() => parseBaseline(content, '.tfsec-gate/baseline.json')).toThrow(problem);
    expect(() => parseBaseline(content, '.tfsec-gate/baseline.json')).toThrow('.tfsec-gate/baseline.json');
  });
});
