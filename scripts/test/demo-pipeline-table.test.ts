import { describe, expect, it } from '@jest/globals';
import { pipelineTable } from '../demo/pipeline-table.js';

// The demo's closing table on the console.
describe('the pipeline table', () => {
  const rows = [
    { status: 'ok', title: 'runner check' },
    { status: 'ok — gate failed as intended: 5 HIGH', title: 'scan: Terraform security gate' },
    { status: 'not built yet', title: 'deploy: CloudFormation into aws-cn' },
    { status: 'FAILED', title: 'verify: FIS experiment' },
  ];

  it('starts every title in one column, however long a result is', () => {
    expect(pipelineTable(rows)).toEqual([
      '  ok                                    runner check',
      '  ok — gate failed as intended: 5 HIGH  scan: Terraform security gate',
      '  not built yet                         deploy: CloudFormation into aws-cn',
      '  FAILED                                verify: FIS experiment',
    ]);
    const columns = pipelineTable(rows).map((line, i) => [...line].length - [...rows[i]!.title].length);
    expect(new Set(columns)).toEqual(new Set([40]));
  });

  it('is empty for no stages', () => {
    expect(pipelineTable([])).toEqual([]);
  });
});
