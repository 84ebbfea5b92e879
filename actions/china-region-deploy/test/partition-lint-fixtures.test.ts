import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { lintTemplate } from '../src/partition-lint.js';
import { rewriteTemplate } from '../src/rewrite.js';
import { parseTemplate } from '../src/template-source.js';

const dir = new URL('./fixtures/templates/awslabs/', import.meta.url);
const read = (name: string) => readFileSync(new URL(`${name}.template`, dir), 'utf8');

/** What the lint finds for cn-north-1 in each public template: [line, kind, outcome]. */
const EXPECTED: Record<string, [number, string, string][]> = {
  'LambdaSample.yaml': [
    [52, 'partition-arn', 'rewrite'],
    [53, 'partition-arn', 'rewrite'],
    [54, 'partition-arn', 'rewrite'],
    [55, 'partition-arn', 'rewrite'],
  ],
  'S3_LambdaTrigger.yaml': [
    [33, 'partition-arn', 'rewrite'],
    [57, 'partition-arn', 'rewrite'],
  ],
  // Carries Region2ARNPrefix and Region2Examples mappings with cn-north-1 entries: nothing to say.
  'ELB_Access_Logs_And_Connection_Draining.yaml': [],
  'read_only_user.json': [
    [72, 'partition-arn', 'rewrite'],
    [74, 'partition-arn', 'rewrite'],
    [85, 'partition-arn', 'rewrite'],
    [87, 'partition-arn', 'rewrite'],
    [126, 'partition-arn', 'rewrite'],
  ],
  'DMSAuroraToS3FullLoadAndOngoingReplication.json': [
    [178, 'partition-arn', 'rewrite'],
    [220, 'partition-arn', 'rewrite'],
    [240, 'partition-arn', 'rewrite'],
  ],
};

describe.each(Object.entries(EXPECTED))('public template %s', (name, expected) => {
  const source = read(name);

  it('has the expected findings for cn-north-1, each at the line of its text', () => {
    const result = rewriteTemplate(source, name, { region: 'cn-north-1' });
    expect(result.findings.map((finding) => [finding.line, finding.kind, finding.outcome])).toEqual(expected);
    const lines = source.split('\n');
    for (const finding of result.findings) {
      expect(lines[finding.line - 1]?.slice(finding.column - 1)).toMatch(
        new RegExp(`^${finding.text.replace(/[$.*+?()[\]{}|\\^]/g, '\\$&')}`),
      );
    }
  });

  it('rewrites to a template that still parses, changes only the found lines, and has nothing left to rewrite', () => {
    const result = rewriteTemplate(source, name, { region: 'cn-north-1' });
    if (name.endsWith('.json')) expect(() => JSON.parse(result.text)).not.toThrow();
    const changed = result.diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'));
    expect(changed.length).toBe(new Set(expected.map(([line]) => line)).size);
    const again = lintTemplate(parseTemplate(result.text, name), { region: 'cn-north-1' });
    expect(again.findings).toEqual([]);
    // The rewritten template is as right for the commercial partition as for China.
    expect(lintTemplate(parseTemplate(result.text, name), { region: 'us-east-1' }).findings).toEqual([]);
  });

  it('has no finding for us-east-1', () => {
    expect(rewriteTemplate(source, name, { region: 'us-east-1' }).findings).toEqual([]);
  });
});

describe('region mappings in a public template', () => {
  it('finds the lookups by AWS::Region whose mapping has cn-north-1 but not cn-northwest-1', () => {
    const name = 'ELB_Access_Logs_And_Connection_Draining.yaml';
    const source = read(name);
    const northwest = rewriteTemplate(source, name, { region: 'cn-northwest-1' });
    expect(northwest.findings.map((finding) => [finding.line, finding.kind, finding.outcome, finding.text])).toEqual([
      [421, 'region-mapping', 'fail', 'Region2ARNPrefix'],
      [425, 'region-mapping', 'fail', 'Region2ELBAccountId'],
      [457, 'region-mapping', 'fail', 'Region2Examples'],
      [500, 'region-mapping', 'fail', 'AWSRegionArch2AMI'],
    ]);
    expect(northwest.failed).toBe(true);
    expect(rewriteTemplate(source, name, { region: 'cn-north-1' }).findings).toEqual([]);
  });
});
