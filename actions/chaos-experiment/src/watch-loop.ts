/**
 * Watches one experiment until it ends: GetExperiment with the core's backoff (reset on every change, never past
 * the deadline), each experiment and action state change as a log line, the probes due during it. At the deadline,
 * or when a probe fails, it stops the experiment and keeps watching it wind down (for at most STOP_GRACE_MS).
 */
import type { Step } from '@aws-delivery/action-kit';
import type { Clients } from './clients.js';
import type { Config } from './config.js';
import type { ExperimentView } from './core/fis-shapes.js';
import { probesDue, type ProbeSpec } from './core/probes.js';
import type { ProbeResult, StoppedBy } from './core/verdict.js';
import { changeLine, isFinished, nextPollDelay, observeTimes, stateChanges, type ActionTimes } from './core/watch.js';
import { runProbes } from './probe-runner.js';

/** How long a stopped experiment is watched before the step gives up on seeing it end (post stops it again). */
export const STOP_GRACE_MS = 5 * 60_000;

export interface WatchResult {
  experiment: ExperimentView;
  stoppedBy?: StoppedBy;
  observedTimes: Map<string, ActionTimes>;
  probes: ProbeResult[];
}

export async function watchExperiment(
  step: Step<Config, Clients>,
  id: string,
  options: { deadline: Date; probes?: readonly ProbeSpec[]; /** Put before each change line. */ prefix?: string },
): Promise<WatchResult> {
  const { clients, log } = step;
  const { clock } = clients;
  let previous: ExperimentView | undefined;
  let polls = 0;
  let observedTimes = new Map<string, ActionTimes>();
  let stoppedBy: StoppedBy | undefined;
  let giveUpAt = options.deadline.getTime();
  const probes: ProbeResult[] = [];
  const lastRun = new Map<string, Date>();

  const stop = async (why: StoppedBy, line: string) => {
    log.warning(line);
    stoppedBy = why;
    giveUpAt = clock.now().getTime() + STOP_GRACE_MS;
    try {
      await clients.fis.stopExperiment(id);
    } catch (error) {
      // It may have ended between the poll and the stop; the next poll tells. Otherwise post stops it again.
      log.warning(`StopExperiment ${id}: ${(error as Error).message}`);
    }
  };

  for (;;) {
    if (step.signal.aborted && !stoppedBy) {
      // The step's own time is up: ask FIS to stop it while the process still lives; post stops it again.
      stoppedBy = 'timeout';
      void clients.fis.stopExperiment(id).catch(() => undefined);
      return { experiment: previous ?? { id }, stoppedBy, observedTimes, probes };
    }
    const current = await clients.fis.getExperiment(id);
    const changes = stateChanges(previous, current);
    for (const change of changes) log.info(`${options.prefix ?? ''}${changeLine(change, id)}`);
    polls = changes.length > 0 ? 0 : polls + 1;
    const now = clock.now();
    observedTimes = observeTimes(observedTimes, current, now);
    previous = current;
    if (isFinished(current)) return { experiment: current, ...(stoppedBy ? { stoppedBy } : {}), observedTimes, probes };
    if (!stoppedBy) {
      if (now.getTime() >= options.deadline.getTime()) {
        await stop(
          'timeout',
          `Experiment ${id} is still ${current.state?.status ?? 'going'} at the overall timeout: stopping it.`,
        );
      } else {
        const due = probesDue(options.probes ?? [], 'during', lastRun, now);
        for (const spec of due) lastRun.set(spec.name, now);
        const results = await runProbes(due, 'during', clients, log);
        probes.push(...results);
        const failed = results.find((r) => !r.passed);
        if (failed) await stop('probe', `Probe ${failed.name} failed during experiment ${id}: stopping it.`);
      }
    } else if (now.getTime() >= giveUpAt) {
      log.warning(`Experiment ${id} has not finished stopping; the post step stops it again.`);
      return { experiment: current, stoppedBy, observedTimes, probes };
    }
    const remaining = giveUpAt - clock.now().getTime();
    await clock.sleep(nextPollDelay(polls, remaining, clients.pollPolicy), step.signal);
  }
}
