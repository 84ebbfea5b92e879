/**
 * The report of one run: the experiment, its actions with their times, the pre-flight checks, the probes and the
 * verdict, in one plain object that the JSON file, the JUnit file and the job summary are all written from.
 */
import type { ExperimentView } from '../core/fis-shapes.js';
import type { PreflightCheck } from '../core/preflight.js';
import type { Verdict, ProbeResult } from '../core/verdict.js';
import { oneLine, type ActionTimes } from '../core/watch.js';

export interface ActionReport {
  name: string;
  actionId?: string;
  status: string;
  reason?: string;
  startTime?: string;
  endTime?: string;
  durationSeconds?: number;
}

export interface ChaosReport {
  schemaVersion: 1;
  experiment: {
    id?: string;
    templateId?: string;
    status: string;
    reason?: string;
    startTime?: string;
    endTime?: string;
    durationSeconds?: number;
  };
  verdict: { passed: boolean; outcome: string; headline: string };
  actions: ActionReport[];
  preflight: PreflightCheck[];
  probes: (Omit<ProbeResult, 'at'> & { at: string })[];
  rehearsal?: { id?: string; status: string; reason?: string };
}

export interface ReportInput {
  experiment: ExperimentView;
  verdict: Verdict;
  preflight?: readonly PreflightCheck[];
  probes?: readonly ProbeResult[];
  /** Times observed by the watch loop, for actions FIS gave none for. */
  observedTimes?: ReadonlyMap<string, ActionTimes>;
  rehearsal?: ExperimentView;
}

function seconds(start: Date | undefined, end: Date | undefined): number | undefined {
  return start && end ? Math.max(0, Math.round((end.getTime() - start.getTime()) / 100) / 10) : undefined;
}

/** `{ [key]: value }`, or nothing when the value is undefined (the report has no undefined members). */
function given<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function buildReport(input: ReportInput): ChaosReport {
  const { experiment } = input;
  const actions: ActionReport[] = Object.entries(experiment.actions ?? {}).map(([name, action]) => {
    const observed = input.observedTimes?.get(name) ?? {};
    const start = action.startTime ?? observed.start;
    const end = action.endTime ?? observed.end;
    return {
      name,
      ...given('actionId', action.actionId),
      status: action.state?.status ?? 'unknown',
      ...given('reason', action.state?.reason ? oneLine(action.state.reason) : undefined),
      ...given('startTime', start?.toISOString()),
      ...given('endTime', end?.toISOString()),
      ...given('durationSeconds', seconds(start, end)),
    };
  });
  const start = experiment.startTime ?? experiment.creationTime;
  return {
    schemaVersion: 1,
    experiment: {
      ...(experiment.id ? { id: experiment.id } : {}),
      ...(experiment.experimentTemplateId ? { templateId: experiment.experimentTemplateId } : {}),
      status: experiment.state?.status ?? 'unknown',
      ...(experiment.state?.reason ? { reason: oneLine(experiment.state.reason) } : {}),
      ...(start ? { startTime: start.toISOString() } : {}),
      ...(experiment.endTime ? { endTime: experiment.endTime.toISOString() } : {}),
      ...given('durationSeconds', seconds(start, experiment.endTime)),
    },
    verdict: { passed: input.verdict.passed, outcome: input.verdict.outcome, headline: input.verdict.headline },
    actions,
    preflight: [...(input.preflight ?? [])],
    probes: (input.probes ?? []).map((p) => ({ ...p, at: p.at.toISOString() })),
    ...(input.rehearsal
      ? {
          rehearsal: {
            ...(input.rehearsal.id ? { id: input.rehearsal.id } : {}),
            status: input.rehearsal.state?.status ?? 'unknown',
            ...(input.rehearsal.state?.reason ? { reason: oneLine(input.rehearsal.state.reason) } : {}),
          },
        }
      : {}),
  };
}

/** The JSON report file's text. */
export function reportJson(report: ChaosReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
