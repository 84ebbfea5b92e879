import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildAvailability, typesOfProviderFile } from '../../../scripts/generate-china-availability.js';
import { bundledAvailability } from '../src/bundled-availability.js';
import { rewriteTemplate } from '../src/rewrite.js';

describe('the shipped availability table (data/availability.json)', () => {
  const table = bundledAvailability();
  const file = JSON.parse(readFileSync(new URL('../data/availability.json', import.meta.url), 'utf8')) as {
    generated: string;
    sources: { name: string; licence: string; version: string }[];
    services: Record<string, string[]>;
  };

  it('says when it was generated and from which sources, with their licences', () => {
    expect(file.generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(file.sources.map((source) => [source.name, source.licence])).toEqual([
      ['cfn-lint', 'MIT-0'],
      ['moto', 'Apache-2.0'],
    ]);
    expect(table.regions).toEqual(['cn-north-1', 'cn-northwest-1']);
  });

  it('lacks the examples of the issue in both China regions: FIS, Grafana, Cognito user pools', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(table.offers(region, 'AWS::FIS::ExperimentTemplate')).toBe(false);
      expect(table.offers(region, 'AWS::Grafana::Workspace')).toBe(false);
      expect(table.offers(region, 'AWS::Cognito::UserPool')).toBe(false);
      expect(table.offers(region, 'AWS::Lambda::Function')).toBe(true);
      // A SAM type becomes Lambda and API Gateway types in the transform: the table cannot tell.
      expect(table.offers(region, 'AWS::Serverless::Function')).toBeUndefined();
      expect(table.offers(region, 'Custom::Anything')).toBeUndefined();
    }
    // The public SSM service list agrees: neither region has fis, grafana or cognito-idp.
    for (const services of Object.values(file.services)) {
      expect(services).toEqual(expect.arrayContaining(['cloudformation', 'lambda', 's3']));
      expect(services).not.toEqual(expect.arrayContaining(['fis']));
      expect(services).not.toContain('grafana');
      expect(services).not.toContain('cognito-idp');
    }
  });

  it('tells cn-north-1 from cn-northwest-1', () => {
    expect(table.offers('cn-north-1', 'AWS::Lambda::Url')).toBe(true);
    expect(table.offers('cn-northwest-1', 'AWS::Lambda::Url')).toBe(false);
    expect(table.offers('cn-north-1', 'AWS::AppStream::Fleet')).toBe(false);
    expect(table.offers('cn-northwest-1', 'AWS::AppStream::Fleet')).toBe(true);
  });

  it('finds the types of the public templates in cn-north-1, and a Cognito user pool not', () => {
    const names = ['LambdaSample.yaml', 'S3_LambdaTrigger.yaml', 'DMSAuroraToS3FullLoadAndOngoingReplication.json'];
    for (const name of names) {
      const source = readFileSync(new URL(`./fixtures/templates/awslabs/${name}.template`, import.meta.url), 'utf8');
      const result = rewriteTemplate(source, name, { region: 'cn-north-1', availability: table });
      expect(result.findings.filter((finding) => finding.kind === 'resource-type')).toEqual([]);
    }
    const pool = 'Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n';
    expect(rewriteTemplate(pool, 't.yaml', { region: 'cn-northwest-1', availability: table }).findings).toMatchObject([
      { kind: 'resource-type', outcome: 'fail', line: 3, column: 11 },
    ]);
  });
});

describe('generating the table', () => {
  it("reads both layouts of cfn-lint's provider lists", () => {
    const wheel =
      'from x import y\n\ntypes: dict[str, str] = {\n    "AWS::S3::Bucket": "ab12",\n    "AWS::SNS::Topic": "cd34",\n}\n';
    const repository = 'from typing import List\n\ntypes = [\n    "AWS::SNS::Topic",\n    "AWS::S3::Bucket",\n]\n';
    expect(typesOfProviderFile(wheel)).toEqual(['AWS::S3::Bucket', 'AWS::SNS::Topic']);
    expect(typesOfProviderFile(repository)).toEqual(['AWS::S3::Bucket', 'AWS::SNS::Topic']);
    expect(() => typesOfProviderFile('nothing = 1')).toThrow(/no `types`/);
  });

  it('keeps the common types once, and per region only what it adds', () => {
    const table = buildAvailability({
      generated: '2026-01-02',
      sources: [],
      types: { b: ['AWS::A::X', 'AWS::B::Y'], a: ['AWS::A::X', 'AWS::C::Z'] },
    });
    expect(table.resourceTypes).toEqual({
      base: ['AWS::A::X'],
      regions: { a: { add: ['AWS::C::Z'] }, b: { add: ['AWS::B::Y'] } },
    });
  });
});
