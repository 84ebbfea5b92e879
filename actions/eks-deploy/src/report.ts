/** Step outputs and the job summary from a deploy report (pure). */
import { codeBlock, details, heading, mermaid, mermaidLabel, table } from '@aws-delivery/action-kit';
import type { DeployReport, Phase, WorkloadReport } from './deploy-context.js';

const MAX_DIFF_OUTPUT = 100_000;

export function rolledBack(report: DeployReport): boolean {
  return (
    report.workloads.some((w) => w.rollback !== undefined) ||
    report.strategyState === 'canary-failed' ||
    report.strategyState === 'switch-aborted'
  );
}

export function failedWorkloads(report: DeployReport): WorkloadReport[] {
  return report.workloads.filter((w) => !w.rollout.ok);
}

export function combinedDiff(report: DeployReport): string {
  return report.applied
    .map((a) => a.diff ?? '')
    .filter(Boolean)
    .join('\n');
}

export function outputsOf(report: DeployReport): Record<string, string> {
  const count = (outcome: string) => String(report.applied.filter((a) => a.outcome === outcome).length);
  const revisions = Object.fromEntries(
    report.workloads.map((w) => [
      w.description,
      {
        ...(w.revisionBefore ? { before: w.revisionBefore } : {}),
        ...(w.revisionAfter ? { after: w.revisionAfter } : {}),
        ...(w.rollback ? { failed: String(w.rollback.fromRevision), rolledBackTo: String(w.rollback.toRevision) } : {}),
        status: w.rollout.ok ? 'rolled-out' : w.rollout.outcome,
      },
    ]),
  );
  const diff = combinedDiff(report);
  return {
    objects: JSON.stringify(
      report.applied.map((a) => ({
        kind: a.object.kind,
        ...(a.object.metadata.namespace ? { namespace: a.object.metadata.namespace } : {}),
        name: a.object.metadata.name ?? '',
        outcome: a.outcome,
      })),
    ),
    created: count('created'),
    configured: count('configured'),
    unchanged: count('unchanged'),
    changed: String(report.applied.filter((a) => a.outcome !== 'unchanged').length),
    deleted: JSON.stringify(report.deleted),
    revisions: JSON.stringify(revisions),
    'rolled-back': String(rolledBack(report)),
    'strategy-state': report.strategyState ?? (failedWorkloads(report).length ? 'failed' : 'deployed'),
    'active-color': report.activeColor ?? '',
    diff: diff.length > MAX_DIFF_OUTPUT ? `${diff.slice(0, MAX_DIFF_OUTPUT)}\n… (truncated)` : diff,
  };
}

/** A Mermaid gantt chart of the phases (apply, rollout, rollback, switch), in milliseconds since the first. */
export function timelineChart(phases: readonly Phase[]): string {
  if (phases.length === 0) return '';
  const origin = Math.min(...phases.map((p) => p.start));
  const lines = [
    'gantt',
    '  title Rollout timeline (seconds from the first apply)',
    '  dateFormat x',
    '  axisFormat %M:%S',
  ];
  const sections = [...new Set(phases.map((p) => p.section))];
  let id = 0;
  for (const section of sections) {
    lines.push(`  section ${mermaidLabel(section)}`);
    for (const p of phases.filter((x) => x.section === section)) {
      const start = p.start - origin;
      const end = Math.max(p.end - origin, start + 1);
      lines.push(`  ${mermaidLabel(p.label)} :${p.ok ? 'done' : 'crit'}, t${id++}, ${start}, ${end}`);
    }
  }
  return mermaid(lines.join('\n'));
}

function rolloutCell(w: WorkloadReport): string {
  const seconds = ((w.rollout.endedAt - w.rollout.startedAt) / 1000).toFixed(1);
  return `${w.rollout.ok ? '✅' : '❌'} ${w.rollout.message} (${seconds} s)`;
}

function rollbackCell(w: WorkloadReport): string {
  if (w.rollback) {
    const result = w.rollback.result;
    const state = result ? (result.ok ? '✅ available again' : `❌ ${result.message}`) : 'started';
    const pods = w.rollback.deletedPods.length ? `; deleted blocking pods ${w.rollback.deletedPods.join(', ')}` : '';
    return `revision ${w.rollback.fromRevision} → ${w.rollback.toRevision} (${w.rollback.source}): ${state}${pods}`;
  }
  return w.noRollback ? `none: ${w.noRollback}` : '';
}

function timelineDetails(workloads: readonly WorkloadReport[]): string {
  const blocks = workloads.map((w) => {
    const entries = [...w.rollout.timeline, ...(w.rollback?.result?.timeline ?? [])];
    const origin = w.rollout.startedAt;
    const lines = entries.map((e) => `+${((e.at - origin) / 1000).toFixed(2)} s  ${e.message}`);
    return `${w.description}\n${lines.join('\n')}`;
  });
  return blocks.length ? details('Rollout events', codeBlock(blocks.join('\n\n'))) : '';
}

export function renderSummary(report: DeployReport): string {
  const failed = failedWorkloads(report);
  const verb = report.dryRun ? 'dry run' : report.action;
  const status = report.failure ? '❌ failed' : report.dryRun ? '🔎 preview' : '✅ done';
  const parts = [
    heading(`eks-deploy: ${report.strategy} ${verb} ${status}`),
    `${report.cluster}; default namespace \`${report.namespace}\`.\n`,
  ];
  if (report.failure) parts.push(`> ${report.failure.replace(/\n/g, ' ')}\n`);
  if (report.applied.length) {
    parts.push(
      heading('Objects', 3),
      table(
        ['Object', 'Result'],
        report.applied.map((a) => [a.description, a.outcome + (report.dryRun ? ' (dry run)' : '')]),
      ),
    );
  }
  if (report.deleted.length) parts.push(heading('Deleted', 3), report.deleted.map((d) => `- ${d}`).join('\n') + '\n');
  if (report.imageChanges.length) {
    parts.push(
      heading('Images', 3),
      table(
        ['Object', 'Container', 'From', 'To'],
        report.imageChanges.map((c) => [c.object, c.container, c.from, c.to]),
      ),
    );
  }
  if (report.workloads.length) {
    parts.push(
      heading('Rollouts', 3),
      table(
        ['Workload', 'Revision', 'Rollout', 'Rollback'],
        report.workloads.map((w) => [
          w.description,
          `${w.revisionBefore ?? '–'} → ${w.revisionAfter ?? '–'}`,
          rolloutCell(w),
          rollbackCell(w),
        ]),
      ),
    );
  }
  if (report.strategyNotes.length)
    parts.push(heading('Strategy', 3), report.strategyNotes.map((n) => `- ${n}`).join('\n') + '\n');
  const chart = timelineChart(report.phases);
  if (chart) parts.push(heading('Timeline', 3), chart);
  const events = timelineDetails(report.workloads);
  if (events) parts.push(events);
  const diff = combinedDiff(report);
  if (report.dryRun)
    parts.push(diff ? details('Diff of what would change', codeBlock(diff, 'diff')) : 'Nothing would change.\n');
  if (report.warnings.length)
    parts.push(heading('Warnings', 3), report.warnings.map((w) => `- ${w}`).join('\n') + '\n');
  if (failed.length && !report.failure) parts.push(`${failed.length} rollout(s) failed.\n`);
  return parts.join('\n');
}
