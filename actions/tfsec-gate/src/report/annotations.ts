import type { Disposition } from '@aws-delivery/findings';
import type { EvaluatedFinding, Evaluation } from '../policy/evaluate.js';

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

function findingAnnotation(f: EvaluatedFinding): PlannedAnnotation {
  return {
    level: f.disposition === 'failing' ? 'error' : 'warning',
    title: `${f.finding.ruleId} (${f.finding.severity})${f.isNew ? '' : ' in baseline'}`,
    message: [f.finding.title, f.finding.message, f.finding.resolution ? `Fix: ${f.finding.resolution}` : '']
      .filter((s, i, all) => s && all.indexOf(s) === i)
      .join('\n'),
    file: f.finding.location.file,
    ...(f.finding.location.startLine ? { startLine: f.finding.location.startLine } : {}),
    ...(f.finding.location.endLine ? { endLine: f.finding.location.endLine } : {}),
  };
}

/** Up to `limit` annotations of the findings with this disposition, in order. */
function firstWith(findings: readonly EvaluatedFinding[], disposition: Disposition, limit: number) {
  const planned: PlannedAnnotation[] = [];
  for (const f of findings) {
    if (planned.length >= limit) break;
    if (f.disposition === disposition) planned.push(findingAnnotation(f));
  }
  return planned;
}

/**
 * File/line annotations: failing findings as errors, policy problems, then other reported findings as warnings.
 * Only the annotations shown are built (a large scan has far more findings than the limit).
 */
export function planAnnotations(evaluation: Evaluation): PlannedAnnotation[] {
  const problems: PlannedAnnotation[] = evaluation.problems
    .filter((p) => p.kind !== 'unused-exception')
    .map((p) => ({
      level: p.fails ? 'error' : 'warning',
      title: p.kind,
      message: p.message,
      ...(p.file ? { file: p.file } : {}),
      ...(p.line ? { startLine: p.line } : {}),
    }));
  let failing = 0;
  let reported = 0;
  for (const f of evaluation.findings) {
    if (f.disposition === 'failing') failing++;
    else if (f.disposition === 'reported') reported++;
  }
  const total = failing + problems.length + reported;
  const shown = total <= MAX_ANNOTATIONS ? total : MAX_ANNOTATIONS - 1;
  const errors = firstWith(evaluation.findings, 'failing', shown);
  const all = [...errors, ...problems.slice(0, shown - errors.length)];
  all.push(...firstWith(evaluation.findings, 'reported', shown - all.length));
  if (total <= MAX_ANNOTATIONS) return all;
  return [
    ...all,
    {
      level: 'notice',
      title: 'More findings',
      message: `${total - MAX_ANNOTATIONS + 1} more are in the job summary and the report files.`,
    },
  ];
}
