import type { Evaluation } from '../policy/evaluate.js';

export interface PlannedAnnotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

/** GitHub shows at most 10 of each level per step in the UI and 50 per step in all; failing ones come first. */
export const MAX_ANNOTATIONS = 50;

/** File/line annotations: failing findings as errors, other reported ones as warnings, policy problems too. */
export function planAnnotations(evaluation: Evaluation): PlannedAnnotation[] {
  const failing = evaluation.findings.filter((f) => f.disposition === 'failing');
  const reported = evaluation.findings.filter((f) => f.disposition === 'reported');
  const planned: PlannedAnnotation[] = [...failing, ...reported].map((f) => ({
    level: f.disposition === 'failing' ? 'error' : 'warning',
    title: `${f.finding.ruleId} (${f.finding.severity})${f.isNew ? '' : ' in baseline'}`,
    message: [f.finding.title, f.finding.message, f.finding.resolution ? `Fix: ${f.finding.resolution}` : '']
      .filter((s, i, all) => s && all.indexOf(s) === i)
      .join('\n'),
    file: f.finding.location.file,
    ...(f.finding.location.startLine ? { startLine: f.finding.location.startLine } : {}),
    ...(f.finding.location.endLine ? { endLine: f.finding.location.endLine } : {}),
  }));
  const problems: PlannedAnnotation[] = evaluation.problems
    .filter((p) => p.kind !== 'unused-exception')
    .map((p) => ({
      level: p.fails ? 'error' : 'warning',
      title: p.kind,
      message: p.message,
      ...(p.file ? { file: p.file } : {}),
      ...(p.line ? { startLine: p.line } : {}),
    }));
  const all = [
    ...planned.filter((a) => a.level === 'error'),
    ...problems,
    ...planned.filter((a) => a.level !== 'error'),
  ];
  if (all.length <= MAX_ANNOTATIONS) return all;
  return [
    ...all.slice(0, MAX_ANNOTATIONS - 1),
    {
      level: 'notice',
      title: 'More findings',
      message: `${all.length - MAX_ANNOTATIONS + 1} more are in the job summary and the report files.`,
    },
  ];
}
