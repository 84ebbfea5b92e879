/** The plan as a Markdown table (action-kit's table helper) and as log lines that cannot carry workflow commands. */
import { describe, expect, it } from '@jest/globals';
import { loadResources, type SourceFile } from '../src/load-resources.js';
import { buildPlan, DEFAULT_PLAN_OPTIONS } from '../src/plan.js';
import { oneLine, planCounts, planLines, planTable } from '../src/plan-report.js';
import type { ObservedState } from '../src/observed.js';
import { board, resolveSecret, RESOURCES, SECRETS } from './resources.js';

const EMPTY: ObservedState = {
  nestedFolders: true,
  folders: [],
  dashboards: [],
  datasources: [],
  ruleGroups: [],
  contactPoints: [],
};

describe('planTable', () => {
  const plan = buildPlan(loadResources(RESOURCES, { resolveSecret }), EMPTY, DEFAULT_PLAN_OPTIONS);
  const markdown = planTable(plan);

  it('has one row per item with kind, resource, action and changes', () => {
    const lines = markdown.trim().split('\n');
    expect(lines[0]).toBe('| Kind | Resource | Action | Changes |');
    expect(lines[1]).toBe('| --- | --- | --- | --- |');
    expect(lines).toHaveLength(2 + plan.items.length);
    expect(lines).toContain(
      '| data source | Prometheus | create | secureJsonData.basicAuthPassword: set from ${PROM_PASSWORD} |',
    );
    expect(lines).toContain('| folder | Platform | create |  |');
  });

  it('never shows a secret value', () => {
    for (const value of Object.values(SECRETS)) expect(markdown).not.toContain(value);
    for (const value of Object.values(SECRETS)) expect(planLines(plan).join('\n')).not.toContain(value);
  });

  it('escapes pipes and keeps each row on one line for titles with | and line breaks', () => {
    const files: SourceFile[] = [{ path: 'dashboards/a.json', text: board('a', 'Latency | p99\nand more') }];
    const table = planTable(buildPlan(loadResources(files, { resolveSecret }), EMPTY, DEFAULT_PLAN_OPTIONS));
    expect(table).toContain('| dashboard | Latency \\| p99 and more | create |');
  });

  it('leaves unchanged items out, and says so when nothing changes', () => {
    const unchanged = {
      ...plan,
      items: plan.items.map((i) => ({ ...i, verb: 'unchanged' as const, notes: [] })),
      counts: { create: 0, update: 0, delete: 0, unchanged: plan.items.length },
      changed: false,
    };
    expect(planTable(unchanged)).toBe(
      `No changes: 0 to create, 0 to update, 0 to delete, ${plan.items.length} unchanged.\n`,
    );
    expect(planTable(unchanged, { includeUnchanged: true }).split('\n')).toHaveLength(plan.items.length + 3);
  });
});

describe('planLines', () => {
  it('prints one line per item and the counts; no line can start a workflow command', () => {
    const files: SourceFile[] = [{ path: 'dashboards/a.json', text: board('a', 'x\n::error::injected') }];
    const plan = buildPlan(loadResources(files, { resolveSecret }), EMPTY, DEFAULT_PLAN_OPTIONS);
    const lines = planLines(plan);
    expect(lines).toEqual(['  create     dashboard x ::error::injected (in General)', `  ${planCounts(plan)}`]);
    for (const line of lines) expect(line.startsWith('::')).toBe(false);
    expect(oneLine('a\r\n\u0007b')).toBe('a b');
  });
});
