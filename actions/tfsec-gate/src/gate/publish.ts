import { SEVERITIES } from '@aws-delivery/findings';
import type { Config } from '../config.js';
import { pullRequestFromEvent } from '../github/pull-request.js';
import { planAnnotations } from '../report/annotations.js';
import type { GateReport } from '../report/gate-report.js';
import { commentMarker, renderPrComment } from '../report/pr-comment-body.js';
import { renderSummary } from '../report/summary.js';
import type { GateStep } from './deps.js';

export function publishOutputs(report: GateReport, deps: Pick<GateStep, 'setOutput'>): void {
  const e = report.evaluation;
  deps.setOutput('passed', String(e.passed));
  for (const severity of SEVERITIES) deps.setOutput(`${severity}-count`, String(e.counts[severity]));
  deps.setOutput('new-findings-count', String(SEVERITIES.reduce((n, s) => n + e.newCounts[s], 0)));
  deps.setOutput('sarif-path', report.files.sarif);
  deps.setOutput('asff-path', report.files.asff ?? '');
  deps.setOutput('report-path', report.files.report);
  deps.setOutput('junit-path', report.files.junit);
}

export async function publishLog(report: GateReport, deps: Pick<GateStep, 'log' | 'writeSummary'>): Promise<void> {
  for (const a of planAnnotations(report.evaluation)) {
    const where = {
      title: a.title,
      ...(a.file ? { file: a.file } : {}),
      ...(a.startLine ? { startLine: a.startLine } : {}),
      ...(a.endLine ? { endLine: a.endLine } : {}),
    };
    if (a.level === 'error') deps.log.error(a.message, where);
    else if (a.level === 'warning') deps.log.warning(a.message, where);
    else deps.log.notice(a.message, where);
  }
  await deps.writeSummary(renderSummary(report));
}

/** The PR comment, when there is a pull request and a token; a permission problem is a warning, never a failure. */
export async function publishPrComment(
  report: GateReport,
  comment: Config['prComment'],
  step: GateStep,
): Promise<void> {
  const { env, log, clients } = step;
  if (!comment) return;
  const pullRequest = pullRequestFromEvent(env);
  if (!pullRequest) return log.debug('No pull request in the event payload: no PR comment.');
  if (!comment.token)
    return log.warning(
      'pr-comment is true but github-token is empty, so no PR comment was written. Pass github-token: ${{ github.token }}.',
    );
  const e = report.evaluation;
  const outcome = await clients.upsertPrComment({
    token: comment.token,
    apiUrl: comment.apiUrl,
    pullRequest,
    marker: commentMarker(report.scanned),
    body: renderPrComment(report, comment.runUrl),
    createIfMissing: !e.passed || e.findings.some((f) => f.disposition === 'failing' || f.disposition === 'reported'),
    requestTimeoutMs: step.config.requestTimeoutMs,
    ...(step.config.proxy ? { proxy: step.config.proxy } : {}),
    log: (line) => log.debug(line),
  });
  if (outcome.action === 'denied') {
    log.warning(
      `The PR comment was not written: GitHub answered ${outcome.status} (${outcome.message}). Grant the job ` +
        '`permissions: pull-requests: write` (and issues: write on GHES), or set pr-comment: false. The gate result stands.',
    );
  } else if (outcome.action !== 'skipped') {
    log.info(`PR comment ${outcome.action}${outcome.url ? `: ${outcome.url}` : ''}.`);
  }
}
