import { describe, expect, it } from '@jest/globals';
import { pipelineTable, splitStatus } from '../demo/pipeline-table.js';

// The demo's closing table on the console.
describe('the pipeline table', () => {
  const longReason =
    'rollback as intended: registry.example.internal:5000/shop/web:1.5.0-does-not-exist failed its rollout, ' +
    'registry.example.internal:5000/shop/web:1.4.0 runs again';
  const rows = [
    { status: 'ok', title: 'runner check' },
    { status: 'ok — gate failed as intended: 5 HIGH', title: 'scan: Terraform security gate' },
    { status: `ok — ${longReason}`, title: 'deploy: rollout to the cluster' },
    { status: 'not built yet', title: 'deploy: CloudFormation into aws-cn' },
    { status: 'FAILED', title: 'verify: FIS experiment' },
  ];

  it('starts every title in one column, with a long reason on a line of its own below it', () => {
    expect(pipelineTable(rows)).toEqual([
      '  ok             runner check',
      '  ok             scan: Terraform security gate',
      '                 — gate failed as intended: 5 HIGH',
      '  ok             deploy: rollout to the cluster',
      `                 — ${longReason}`,
      '  not built yet  deploy: CloudFormation into aws-cn',
      '  FAILED         verify: FIS experiment',
    ]);
  });

  it('splits a result into its word and the reason of an intended failure', () => {
    expect(splitStatus('ok')).toEqual({ word: 'ok' });
    expect(splitStatus('ok — gate failed as intended: 5 HIGH')).toEqual({
      word: 'ok',
      reason: 'gate failed as intended: 5 HIGH',
    });
    expect(splitStatus('ok — a — b')).toEqual({ word: 'ok', reason: 'a — b' });
  });

  it('is empty for no stages', () => {
    expect(pipelineTable([])).toEqual([]);
  });
});
