import { withFingerprints, type Finding, type FindingDraft } from '../src/index.js';

/** Text that exercises escaping, clipping and encoding: quotes, controls, non-ASCII, lone surrogates, long text. */
export const AWKWARD_TEXT = [
  '',
  ' ',
  'plain',
  'q"uote',
  'back\\slash',
  'control \u0001\u001f',
  'new\nline',
  'ü漢字',
  '😀',
  '\ud800 lone high',
  'lone low \udc00',
  'x'.repeat(3000),
  '\u2028 separator',
  'delete \u007f',
  'percent %20 # ? [x] <&>',
];

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;

/**
 * Findings with every optional field present and absent in turn and awkward text everywhere, for checking that the
 * fast writers write exactly what JSON.stringify of the objects writes.
 */
export function variedFindings(count = 600): Finding[] {
  const drafts: FindingDraft[] = [];
  for (let i = 0; i < count; i++) {
    const text = (k: number) => AWKWARD_TEXT[(i * 7 + k) % AWKWARD_TEXT.length]!;
    const draft: FindingDraft = {
      ruleId: ['AWS-0086', 'aws-x', 'R"1', 'AWS-0087'][i % 4]!,
      ruleAliases: i % 5 === 0 ? [] : i % 5 === 1 ? [''] : ['AVD-AWS-0086', text(1)],
      title: text(2),
      message: text(3),
      severity: SEVERITIES[i % SEVERITIES.length]!,
      // encodeURI refuses lone surrogates (in the SARIF writer, as before): keep file names encodable.
      location: { file: `dir ${text(4).replace(/[\ud800-\udfff]/g, '')}/f${i % 7}.tf` },
      tool: i % 2 ? { name: 'trivy', version: '0.72.0' } : { name: 'tfsec' },
    };
    if (i % 3) draft.originalSeverity = text(5);
    if (i % 4) draft.location.startLine = i % 50;
    if (i % 6) draft.location.endLine = i % 70;
    if (i % 7) draft.resource = text(6) || 'aws_s3_bucket.b';
    if (i % 8) draft.helpUri = text(7);
    if (i % 9) draft.resolution = text(8);
    if (i % 11 === 0) draft.snippet = text(9);
    drafts.push(draft);
  }
  return withFingerprints(drafts);
}
