/**
 * main: the China rule (before any call) → the template → pre-flight (stop conditions, alarms, targets; an optional
 * skip-all rehearsal) → StartExperiment once (derived clientToken, state saved first) → the watch with its overall
 * timeout → the verdict → outputs, JSON and JUnit files, and the job summary with the timeline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ActionError, heading, table, type Step } from '@aws-delivery/action-kit';
import { parseArn, partitionOfRegion } from '@aws-delivery/aws';
import type { Clients } from './clients.js';
import type { Config } from './config.js';
import { clientToken } from './core/client-token.js';
import { experimentTags } from './core/experiment-tags.js';
import type { ExperimentView, TemplateView } from './core/fis-shapes.js';
import {
  alarmNameOf,
  preflightChecks,
  preflightRefusal,
  stopConditionAlarms,
  type AlarmState,
  type PreflightCheck,
} from './core/preflight.js';
import { timeoutSeconds } from './core/schedule.js';
import { decideVerdict, type ProbeResult, type Verdict } from './core/verdict.js';
import { oneLine } from './core/watch.js';
import { buildReport, reportJson, type ChaosReport } from './report/chaos-report.js';
import { junitXml } from './report/junit.js';
import { summaryMarkdown } from './report/summary.js';
import { runProbes } from './probe-runner.js';
import { CLIENT_TOKEN_TAG, STATE_KEY, type SavedState } from './state.js';
import { resolveTemplate } from './template-step.js';
import { watchExperiment } from './watch-loop.js';

export interface ChaosResult {
  skipped: boolean;
  verdict?: Verdict;
  report?: ChaosReport;
}

/** How long a skip-all rehearsal may take at most. */
const REHEARSAL_LIMIT_MS = 15 * 60_000;

function accountOf(template: TemplateView): string | undefined {
  try {
    return template.roleArn ? parseArn(template.roleArn, 'roleArn').accountId : undefined;
  } catch {
    return undefined;
  }
}

/** The state of each stop-condition alarm, by ARN (an alarm CloudWatch did not return is absent). */
async function alarmStates(clients: Clients, arns: readonly string[]): Promise<Map<string, AlarmState>> {
  if (arns.length === 0) return new Map();
  const found = await clients.alarms(arns.map(alarmNameOf));
  const states = new Map<string, AlarmState>();
  for (const arn of arns) {
    const alarm = found.get(alarmNameOf(arn));
    if (alarm && (!alarm.arn || alarm.arn === arn)) states.set(arn, alarm.state);
  }
  return states;
}

function writeOutputs(step: Step<Config, Clients>, report: ChaosReport): void {
  const { config } = step;
  for (const [file, text] of [
    [config.reportFile, reportJson(report)],
    [config.junitFile, junitXml(report)],
  ] as const) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  step.setOutput('experiment-id', report.experiment.id ?? '');
  step.setOutput('state', report.experiment.status);
  step.setOutput('reason', report.experiment.reason ?? '');
  step.setOutput('duration-seconds', report.experiment.durationSeconds ?? 0);
  step.setOutput('report-file', config.reportFile);
  step.setOutput('junit-file', config.junitFile);
}

async function rehearse(
  step: Step<Config, Clients>,
  templateId: string,
  save: (more: Partial<SavedState>) => void,
): Promise<{ rehearsal: ExperimentView; resolved: Record<string, number> }> {
  const { config, clients, log } = step;
  const token = clientToken(config.run, 'rehearsal');
  // Saved before the call, like the real run's: a main killed mid-rehearsal leaves post what it needs to stop it.
  save({ templateId, rehearsalClientToken: token });
  const started = await clients.fis.startExperiment({
    templateId,
    clientToken: token,
    tags: experimentTags(config.context, { ...config.tags, [CLIENT_TOKEN_TAG]: token }),
    actionsMode: 'skip-all',
  });
  const id = started.id ?? '';
  save({ rehearsalId: id });
  log.info(`Rehearsal ${id} (actionsMode skip-all): resolving targets without acting on them.`);
  const limit = new Date(clients.clock.now().getTime() + REHEARSAL_LIMIT_MS);
  const watched = await watchExperiment(step, id, { deadline: limit, prefix: 'rehearsal: ' });
  save({ rehearsalClientToken: undefined, rehearsalId: undefined });
  return { rehearsal: watched.experiment, resolved: await clients.fis.resolvedTargetCounts(id) };
}

export async function run(step: Step<Config, Clients>): Promise<ChaosResult> {
  const { config, clients, log } = step;
  if (config.availability.kind === 'skip') {
    log.notice(config.availability.notice);
    step.setOutput('state', 'skipped');
    step.setOutput('reason', config.availability.notice);
    return { skipped: true };
  }
  const partition = partitionOfRegion(config.region);
  const saved: SavedState = {
    region: config.region,
    ...(config.fisEndpoint ? { fisEndpoint: config.fisEndpoint } : {}),
    keepTemplate: config.keepTemplate,
  };
  const save = (more: Partial<SavedState>) => step.saveState(STATE_KEY, Object.assign(saved, more));
  try {
    log.info(
      `FIS in partition ${partition.id}, region ${config.region}, endpoint ${clients.fis.endpoint}; ` +
        `CloudWatch alarms in the same region.`,
    );
    const { id: templateId, template } = await resolveTemplate(step, (id) => save({ createdTemplateId: id }));
    const account = accountOf(template);
    log.info(
      `Template ${templateId} runs in account ${account ?? 'unknown'} (its role ${oneLine(template.roleArn ?? '?')}).`,
    );
    const timeout = timeoutSeconds(config.timeout, template.actions ?? {});
    if (timeout >= config.actionTimeoutSeconds) {
      log.warning(
        `The experiment's timeout (${timeout} s) is not shorter than action-timeout-seconds ` +
          `(${config.actionTimeoutSeconds} s): the step may end first, and then the post step stops the experiment.`,
      );
    }

    // Pre-flight.
    const alarmArns = stopConditionAlarms(template);
    const alarms = await alarmStates(clients, alarmArns);
    let rehearsal: ExperimentView | undefined;
    let resolvedTargets: Record<string, number> | undefined;
    if (config.rehearsal) {
      ({ rehearsal, resolved: resolvedTargets } = await rehearse(step, templateId, save));
    }
    const preflight: PreflightCheck[] = preflightChecks(
      { template, alarms, ...(resolvedTargets ? { resolvedTargets } : {}) },
      config.preflight,
    );
    for (const check of preflight) log.info(oneLine(`pre-flight ${check.check}: ${check.outcome}, ${check.detail}`));
    const refusal = preflightRefusal(preflight);
    if (refusal) {
      await step.writeSummary(
        heading(`Chaos experiment: not started (template ${templateId})`, 2),
        table(
          ['pre-flight check', 'outcome', 'detail'],
          preflight.map((c) => [c.check, c.outcome, c.detail]),
        ),
      );
      throw new ActionError(refusal, 'Nothing was started. Fix what the pre-flight names and re-run.');
    }
    const probes: ProbeResult[] = await runProbes(
      config.probes.filter((p) => p.phases.includes('before')),
      'before',
      clients,
      log,
    );
    const failedBefore = probes.filter((p) => !p.passed);
    if (failedBefore.length > 0) {
      throw new ActionError(
        `Probe(s) failed before the experiment: ${failedBefore.map((p) => `${p.name} (${p.detail})`).join(', ')}.`,
        'Nothing was started: the service is not healthy before the experiment.',
      );
    }

    // Start once: the state is saved before the call, so post can find the experiment by its token.
    const token = clientToken(config.run, 'experiment');
    save({ templateId, clientToken: token });
    const started = await clients.fis.startExperiment({
      templateId,
      clientToken: token,
      tags: experimentTags(config.context, { ...config.tags, [CLIENT_TOKEN_TAG]: token }),
    });
    const id = started.id ?? '';
    save({ experimentId: id });
    // The overall timeout counts from the start: pre-flight and a rehearsal do not eat into it.
    const deadline = new Date(clients.clock.now().getTime() + timeout * 1000);
    const status = started.state?.status ?? 'pending';
    log.info(
      `Experiment ${id} is ${status} (clientToken ${token}: a re-run of this attempt finds this experiment again); ` +
        `overall timeout ${timeout} s.`,
    );

    const watched = await watchExperiment(step, id, { deadline, probes: config.probes });
    probes.push(...watched.probes);
    if (watched.stoppedBy === undefined || watched.stoppedBy === 'probe') {
      probes.push(
        ...(await runProbes(
          config.probes.filter((p) => p.phases.includes('after')),
          'after',
          clients,
          log,
        )),
      );
    }
    const experiment = watched.experiment;
    const finalStatus = experiment.state?.status;
    if (finalStatus && ['completed', 'stopped', 'failed', 'cancelled'].includes(finalStatus)) {
      save({ finished: true, status: finalStatus });
    }
    const alarmsInAlarm =
      finalStatus === 'stopped' && alarmArns.length > 0
        ? [...(await alarmStates(clients, alarmArns))].filter(([, s]) => s === 'ALARM').map(([arn]) => alarmNameOf(arn))
        : undefined;
    const verdict = decideVerdict({
      experiment,
      ...(watched.stoppedBy ? { stoppedBy: watched.stoppedBy } : {}),
      expectStopCondition: config.expectStopCondition,
      probes,
      ...(alarmsInAlarm ? { alarmsInAlarm } : {}),
    });
    const report = buildReport({
      experiment,
      verdict,
      preflight,
      probes,
      observedTimes: watched.observedTimes,
      ...(rehearsal ? { rehearsal } : {}),
    });
    writeOutputs(step, report);
    await step.writeSummary(summaryMarkdown(report, clients.clock.now()));
    if (verdict.passed) log.info(verdict.headline);
    return { skipped: false, verdict, report };
  } finally {
    clients.destroy();
  }
}

/** The step fails when the verdict does; its message is the verdict's headline. */
export function verdict(result: ChaosResult): Error | undefined {
  if (!result.verdict || result.verdict.passed) return undefined;
  return new ActionError(result.verdict.headline, hintOf(result.verdict));
}

function hintOf(verdict: Verdict): string {
  switch (verdict.outcome) {
    case 'timed-out':
      return 'The experiment was stopped at the timeout input; raise it if the experiment legitimately takes longer.';
    case 'stop-condition':
      return 'A stop-condition alarm fired: the service did not withstand the fault. Set expect-stop-condition: true if that is the point of the experiment.';
    case 'action-failed':
      return "Read the action's reason: often the experiment role lacks a permission or a target is gone.";
    default:
      return 'See the job summary for the timeline and the JSON report for every state.';
  }
}
