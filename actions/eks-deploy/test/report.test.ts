import { describe, expect, it } from '@jest/globals';
import type { DeployReport } from '../src/deploy-context.js';
import { outputsOf, renderSummary, timelineChart } from '../src/report.js';

function report(extra: Partial<DeployReport> = {}): DeployReport {
  return {
    cluster: 'EKS cluster c',
    namespace: 'shop',
    strategy: 'rolling',
    action: 'deploy',
    dryRun: false,
    applied: [],
    deleted: [],
    workloads: [],
    imageChanges: [],
    strategyNotes: [],
    phases: [],
    warnings: [],
    ...extra,
  };
}

describe('timelineChart', () => {
  it('draws phases per section in ms from the first, marking failures crit and keeping labels Mermaid-safe', () => {
    const chart = timelineChart([
      { section: 'apply', label: 'apply 3 objects', start: 1000, end: 1100, ok: true },
      { section: 'Deployment/shop/web', label: 'rollout', start: 1100, end: 1100, ok: false },
      { section: 'Deployment/shop/web', label: 'switch: a;b#c', start: 1200, end: 1300, ok: true },
    ]);
    expect(chart).toBe(
      [
        '```mermaid',
        'gantt',
        '  title Rollout timeline (seconds from the first apply)',
        '  dateFormat x',
        '  axisFormat %M:%S',
        '  section apply',
        '  apply 3 objects :done, t0, 0, 100',
        '  section Deployment/shop/web',
        '  rollout :crit, t1, 100, 101',
        '  switch a b c :done, t2, 200, 300',
        '```',
        '',
      ].join('\n'),
    );
    expect(timelineChart([])).toBe('');
  });
});

describe('outputs and summary', () => {
  it('has every output even when nothing was applied', () => {
    expect(outputsOf(report())).toEqual({
      objects: '[]',
      created: '0',
      configured: '0',
      unchanged: '0',
      changed: '0',
      deleted: '[]',
      revisions: '{}',
      'rolled-back': 'false',
      'strategy-state': 'deployed',
      'active-color': '',
      diff: '',
    });
  });

  it('states a failure at the top of the summary and says when a dry run would change nothing', () => {
    expect(renderSummary(report({ failure: 'The rollout failed.\nDetails' }))).toContain(
      '## eks-deploy: rolling deploy ❌ failed\n\nEKS cluster c; default namespace `shop`.\n\n> The rollout failed. Details',
    );
    expect(renderSummary(report({ dryRun: true }))).toContain('eks-deploy: rolling dry run 🔎 preview');
    expect(renderSummary(report({ dryRun: true }))).toContain('Nothing would change.');
  });
});
