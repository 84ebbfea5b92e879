/**
 * The plan for people: a Markdown table for the job summary and one line per item for the log. Names come from
 * repository files and the server, so line breaks and control characters are flattened: no line of the log can
 * start with a workflow command.
 */
import { table } from '@aws-delivery/action-kit';
import type { FieldChange, Plan, PlanItem, Verb } from './plan-types.js';

const VERB_LABEL: Record<Verb, string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  delete: 'delete',
};
const KIND_LABEL: Record<PlanItem['kind'], string> = {
  folder: 'folder',
  datasource: 'data source',
  'contact-point': 'contact point',
  dashboard: 'dashboard',
  'alert-rule-group': 'alert rule group',
};

/** One line, no control characters. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(); // eslint-disable-line no-control-regex
}

function change(c: FieldChange): string {
  if (c.from !== undefined && c.to !== undefined) return `${c.field}: ${c.from} → ${c.to}`;
  if (c.to !== undefined) return `${c.field}: ${c.to}`;
  if (c.from !== undefined) return `${c.field}: removed (was ${c.from})`;
  return c.field;
}

function action(item: PlanItem): string {
  const verb = VERB_LABEL[item.verb];
  if (item.blocked) return `${verb} (blocked)`;
  return item.uiEdit ? `${verb} (overwrites a UI edit)` : verb;
}

function details(item: PlanItem): string[] {
  return [...item.changes.map(change), ...item.notes, ...(item.blocked ? [`blocked: ${item.blocked}`] : [])].map(
    oneLine,
  );
}

export function planCounts(plan: Plan): string {
  const { create, update, unchanged, delete: del } = plan.counts;
  return `${create} to create, ${update} to update, ${del} to delete, ${unchanged} unchanged${plan.blocked ? `, ${plan.blocked} blocked` : ''}`;
}

/** The job-summary table; unchanged items are left out unless asked for (a second run would be all of them). */
export function planTable(plan: Plan, options: { includeUnchanged?: boolean } = {}): string {
  const rows = plan.items
    .filter((item) => options.includeUnchanged || item.verb !== 'unchanged' || item.notes.length > 0 || item.uiEdit)
    .map((item) => [KIND_LABEL[item.kind], oneLine(item.name), action(item), details(item).join('\n')]);
  if (rows.length === 0) return `No changes: ${planCounts(plan)}.\n`;
  return table(['Kind', 'Resource', 'Action', 'Changes'], rows);
}

/** Lines for the log, each starting with two spaces and the verb. */
export function planLines(plan: Plan): string[] {
  const lines = plan.items.map((item) => {
    const extra = details(item);
    return `  ${action(item).padEnd(10)} ${KIND_LABEL[item.kind]} ${oneLine(item.name)}${extra.length ? ` (${extra.join('; ')})` : ''}`;
  });
  return [...lines, `  ${planCounts(plan)}`, ...plan.warnings.map((w) => `  warning: ${oneLine(w)}`)];
}
