import { describe, it, expect } from '@jest/globals';
import { withFingerprints, type FindingDraft } from '../src/index.js';

function draft(overrides: Partial<FindingDraft> = {}): FindingDraft {
  return {
    ruleId: 'AWS-0086',
    ruleAliases: [],
    title: 'S3 Access block should block public ACL',
    message: 'No public access block',
    severity: 'high',
    location: { file: 'main.tf', startLine: 8, endLine: 10 },
    resource: 'aws_s3_bucket.bucket',
    tool: { name: 'trivy' },
    ...overrides,
  };
}

const fp = (d: FindingDraft) => withFingerprints([d])[0]!.fingerprint;

describe('fingerprints', () => {
  it('survive the finding moving to another line', () => {
    expect(fp(draft({ location: { file: 'main.tf', startLine: 30, endLine: 32 } }))).toBe(fp(draft()));
  });

  it('do not depend on the message, title, severity or tool', () => {
    expect(fp(draft({ message: 'other words', title: 'x', severity: 'low', tool: { name: 'tfsec' } }))).toBe(
      fp(draft()),
    );
  });

  it('differ by rule, file and resource', () => {
    const base = fp(draft());
    expect(fp(draft({ ruleId: 'AWS-0087' }))).not.toBe(base);
    expect(fp(draft({ location: { file: 'other.tf', startLine: 8 } }))).not.toBe(base);
    expect(fp(draft({ resource: 'aws_s3_bucket.other' }))).not.toBe(base);
  });

  it('ignore the case of the rule id', () => {
    expect(fp(draft({ ruleId: 'aws-0086' }))).toBe(fp(draft()));
  });

  it('fall back to the snippet, with whitespace normalised, when there is no resource', () => {
    const a = fp(draft({ resource: undefined, snippet: 'acl = "public-read"' }));
    const b = fp(draft({ resource: undefined, snippet: '  acl   =  "public-read"\n', location: { file: 'main.tf' } }));
    expect(a).toBe(b);
    expect(fp(draft({ resource: undefined, snippet: 'acl = "private"' }))).not.toBe(a);
  });

  it('tell apart the same rule twice on one resource by order, which survives a shift of both', () => {
    const before = withFingerprints([
      draft({ location: { file: 'main.tf', startLine: 20 } }),
      draft({ location: { file: 'main.tf', startLine: 12 } }),
    ]);
    const after = withFingerprints([
      draft({ location: { file: 'main.tf', startLine: 15 } }),
      draft({ location: { file: 'main.tf', startLine: 25 } }),
    ]);
    expect(before[0]!.fingerprint).not.toBe(before[1]!.fingerprint);
    // The earlier one in the file keeps its fingerprint wherever it is listed.
    expect(after[0]!.fingerprint).toBe(before[1]!.fingerprint);
    expect(after[1]!.fingerprint).toBe(before[0]!.fingerprint);
  });

  it('are 32 hex digits', () => {
    expect(fp(draft())).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keep the values they have always had (sha256 of the key, first 32 hex digits)', () => {
    expect(fp(draft())).toBe('1a652c74dcf63144b4584e267152bc64');
    const file = (startLine?: number) => draft({ location: { file: 'a.tf', ...(startLine ? { startLine } : {}) } });
    expect(withFingerprints([file(5), file(1), file(), file(1)]).map((f) => f.fingerprint)).toEqual([
      'ac144ae8c34b743a4fb31bc595f836c1',
      '760fed160056fc0bd62fbe29573104cd',
      'a1edb274fac54172f1474dd42f840271',
      'd65822208b78cb037d9c12a1e5a4a116',
    ]);
  });
});
