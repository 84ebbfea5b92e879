/**
 * The job summary: the verdict, the experiment, a Mermaid Gantt chart of the actions (and the probes as
 * milestones), and tables of actions, probes and pre-flight checks. Built with action-kit's summary helpers.
 */
import { details, heading, mermaid, mermaidLabel, table } from '@aws-delivery/action-kit';
import type { ChaosReport } from './chaos-report.js';

const TAG_BY_STATUS: Record<string, string> = {
  completed: 'done, ',
  failed: 'crit, ',
  stopped: 'crit, ',
  cancelled: 'crit, ',
  running: 'active, ',
  stopping: 'active, ',
};

/** At least a second, so a task Mermaid would draw with no width stays visible. */
const MIN_TASK_SECONDS = 1;

/** `2026-03-01 12:00:05`: the UTC wall-clock time, which Mermaid reads and shows unchanged. */
function ganttTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/**
 * `gantt` in UTC (`dateFormat YYYY-MM-DD HH:mm:ss`, each task a start and a length in seconds): one task per
 * action that started, coloured by its state (done, crit for failed or stopped, active while running), and one
 * milestone per probe. Undefined when nothing has a time to draw.
 */
export function ganttChart(report: ChaosReport, now: Date = new Date()): string | undefined {
  const lines: string[] = [];
  report.actions.forEach((action, index) => {
    if (!action.startTime) return;
    const start = Date.parse(action.startTime);
    const end = action.endTime ? Date.parse(action.endTime) : now.getTime();
    const seconds = Math.max(MIN_TASK_SECONDS, Math.round((end - start) / 1000));
    const label = mermaidLabel(`${action.name} ${action.status}`);
    lines.push(
      `    ${label} :${TAG_BY_STATUS[action.status] ?? ''}a${index}, ${ganttTime(action.startTime)}, ${seconds}s`,
    );
  });
  const probeLines = report.probes.map((probe, index) => {
    const label = mermaidLabel(`${probe.name} ${probe.phase} ${probe.passed ? 'passed' : 'failed'}`);
    return `    ${label} :milestone, ${probe.passed ? '' : 'crit, '}p${index}, ${ganttTime(probe.at)}, 0s`;
  });
  if (lines.length === 0 && probeLines.length === 0) return undefined;
  return [
    'gantt',
    `    title ${mermaidLabel(`FIS experiment ${report.experiment.id ?? ''}`)}`,
    '    dateFormat YYYY-MM-DD HH:mm:ss',
    '    axisFormat %H:%M:%S',
    ...(lines.length ? ['    section Actions', ...lines] : []),
    ...(probeLines.length ? ['    section Probes', ...probeLines] : []),
  ].join('\n');
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const whole = Math.round(seconds);
  return whole >= 60 ? `${Math.floor(whole / 60)} min ${whole % 60} s` : `${seconds} s`;
}

/** The summary's Markdown. */
export function summaryMarkdown(report: ChaosReport, now: Date = new Date()): string {
  const { experiment, verdict } = report;
  const parts = [
    heading(`Chaos experiment ${experiment.id ?? ''}: ${verdict.passed ? 'passed' : 'failed'}`, 2),
    `${verdict.passed ? '✅' : '❌'} ${verdict.headline}\n`,
    table(
      ['experiment', 'template', 'state', 'FIS reason', 'duration'],
      [
        [
          experiment.id ?? '',
          experiment.templateId ?? '',
          experiment.status,
          experiment.reason ?? '',
          duration(experiment.durationSeconds),
        ],
      ],
    ),
  ];
  const chart = ganttChart(report, now);
  if (chart) parts.push(heading('Timeline', 3), mermaid(chart));
  if (report.actions.length > 0) {
    parts.push(
      heading('Actions', 3),
      table(
        ['action', 'FIS action', 'state', 'started', 'duration', 'reason'],
        report.actions.map((a) => [
          a.name,
          a.actionId ?? '',
          a.status,
          a.startTime ?? '',
          duration(a.durationSeconds),
          a.reason ?? '',
        ]),
      ),
    );
  }
  if (report.probes.length > 0) {
    parts.push(
      heading('Probes', 3),
      table(
        ['probe', 'kind', 'phase', 'result', 'at', 'detail'],
        report.probes.map((p) => [p.name, p.kind, p.phase, p.passed ? 'passed' : 'failed', p.at, p.detail]),
      ),
    );
  }
  if (report.preflight.length > 0) {
    parts.push(
      details(
        `Pre-flight checks (${report.preflight.filter((c) => c.outcome === 'failed').length} failed)`,
        table(
          ['check', 'outcome', 'detail'],
          report.preflight.map((c) => [c.check, c.outcome, c.detail]),
        ),
      ),
    );
  }
  if (report.rehearsal) {
    parts.push(
      `Rehearsal (actionsMode skip-all): ${report.rehearsal.id ?? ''} ${report.rehearsal.status}${report.rehearsal.reason ? ` — ${report.rehearsal.reason}` : ''}\n`,
    );
  }
  return parts.join('\n');
}
