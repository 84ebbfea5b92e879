import { describe, it, expect } from '@jest/globals';
import { canonicalRuleId, ruleAliases, ruleMatches } from '../src/rules/rule-ids.js';
import { KNOWN_RULES } from '../src/rules/known-rules.js';

describe('canonicalRuleId', () => {
  it.each([
    ['AVD-AWS-0088', 'AWS-0088'],
    ['AWS-0088', 'AWS-0088'],
    ['avd-aws-0088', 'AWS-0088'],
    ['aws-s3-enable-bucket-encryption', 'AWS-0088'],
    ['AWS017', 'AWS-0088'],
    ['AWS002', 'AWS-0089'],
    ['aws-s3-enable-bucket-logging', 'AWS-0089'],
    ['s3-bucket-logging', 'AWS-0089'],
    ['AVD-AZU-0001', 'AZU-0001'],
    ['aws-some-unknown-check', 'aws-some-unknown-check'],
    ['  CUSTOM001 ', 'custom001'],
  ])('%s -> %s', (id, expected) => {
    expect(canonicalRuleId(id)).toBe(expected);
  });

  it('has no id in two rows of the table', () => {
    const ids = KNOWN_RULES.flatMap((r) => [r.id, r.longId, r.legacyId, ...(r.otherIds ?? [])].filter(Boolean));
    expect(new Set(ids.map((id) => id!.toLowerCase())).size).toBe(ids.length);
  });
});

describe('ruleAliases', () => {
  it('gives every generation of a known check', () => {
    expect(ruleAliases(['AVD-AWS-0088'])).toEqual({
      ruleId: 'AWS-0088',
      aliases: ['AVD-AWS-0088', 'AWS017', 'aws-s3-enable-bucket-encryption'],
    });
  });

  it('prefers the AVD id when a finding carries both (tfsec JSON: rule_id and long_id)', () => {
    expect(ruleAliases(['aws-ecr-enable-image-scans', 'AVD-AWS-0030']).ruleId).toBe('AWS-0030');
  });

  it('keeps ids it does not know as aliases of the AVD id they came with', () => {
    const { ruleId, aliases } = ruleAliases(['AVD-AWS-0999', 'aws-made-up-check']);
    expect(ruleId).toBe('AWS-0999');
    expect(aliases).toEqual(['AVD-AWS-0999', 'aws-made-up-check']);
  });
});

describe('ruleMatches: one reference matches every generation', () => {
  const generations = ['AWS017', 'aws-s3-enable-bucket-encryption', 'AVD-AWS-0088', 'AWS-0088'];
  for (const scannerId of generations) {
    const finding = (({ ruleId, aliases }) => ({ ruleId, ruleAliases: aliases }))(ruleAliases([scannerId]));
    for (const reference of generations) {
      it(`a finding printed as ${scannerId} matches a reference written ${reference}`, () => {
        expect(ruleMatches(finding, reference)).toBe(true);
      });
    }
    it(`a finding printed as ${scannerId} does not match another check`, () => {
      expect(ruleMatches(finding, 'AWS002')).toBe(false);
      expect(ruleMatches(finding, 'AWS-0089')).toBe(false);
    });
  }

  it('matches an unknown long id only through a finding that carries it', () => {
    const tfsec = (({ ruleId, aliases }) => ({ ruleId, ruleAliases: aliases }))(
      ruleAliases(['AVD-AWS-0999', 'aws-made-up-check']),
    );
    const trivy = (({ ruleId, aliases }) => ({ ruleId, ruleAliases: aliases }))(ruleAliases(['AWS-0999']));
    expect(ruleMatches(tfsec, 'aws-made-up-check')).toBe(true);
    expect(ruleMatches(trivy, 'aws-made-up-check')).toBe(false); // the documented limit
    expect(ruleMatches(trivy, 'AVD-AWS-0999')).toBe(true);
  });
});
