/**
 * A fake AWS Fault Injection Service for tests and the demo: the FIS REST-JSON API on a loopback HTTP port, every
 * request's SigV4 signature checked, experiments that run through FIS's documented states on a scaled clock, and
 * stop conditions that watch CloudWatch alarms held by a real endpoint (moto). See README.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { partitionOfRegion } from '@aws-delivery/aws/names';
import type { SigningCredentials } from '@aws-delivery/aws/signing';
import { describeAlarms, type CloudWatchConfig } from './alarms.js';
import { REASONS } from './reasons.js';
import { createTestCa } from '../tls.js';
import { createRequestHandler, type FisRequestRecord } from './server.js';
import { FisStore } from './store.js';
import type { Experiment, ExperimentStatus, ExperimentTemplate, FakeResource, Transition } from './types.js';

export type { FisRequestRecord } from './server.js';
export type { CloudWatchConfig } from './alarms.js';
export type {
  ActionStatus,
  Experiment,
  ExperimentAction,
  ExperimentStatus,
  ExperimentTemplate,
  FakeResource,
  Transition,
} from './types.js';
export { REASONS as FAKE_FIS_REASONS } from './reasons.js';
export { PHASE_SECONDS as FAKE_FIS_PHASE_SECONDS } from './engine.js';

export interface FakeFisOptions {
  /** The credentials whose signatures are accepted. */
  credentials: readonly SigningCredentials[];
  /** Virtual seconds per real second: 300 runs a five-minute experiment in one second (default 1). */
  timeScale?: number;
  /** The region the endpoint serves, which requests must be signed for (default us-east-1). */
  region?: string;
  accountId?: string;
  /** Where stop-condition alarms are read (moto); without it, an experiment with alarm stop conditions fails. */
  cloudWatch?: CloudWatchConfig;
  /** Real milliseconds between state-machine steps (default 10). */
  tickMs?: number;
  /** Real milliseconds between DescribeAlarms polls (default 50). */
  alarmPollMs?: number;
  /**
   * Serve HTTPS with a certificate for 127.0.0.1 and localhost from a throwaway CA (`caCertPath`), as the real
   * endpoint is HTTPS: a proxy then sees a CONNECT tunnel, and the CA bundle setting is exercised.
   */
  tls?: boolean;
}

export interface ExperimentSnapshot extends Experiment {
  /** Every state change of the experiment and its actions, in order. */
  history: Transition[];
}

export interface FakeFis {
  /** http://127.0.0.1:PORT, or https://127.0.0.1:PORT with `tls`. */
  url: string;
  region: string;
  /** With `tls`: the CA certificate to trust (PEM file, and its text). */
  caCertPath?: string;
  caPem?: string;
  requests: FisRequestRecord[];
  /** Errors the stop-condition watcher met reading CloudWatch (should stay empty). */
  alarmErrors: string[];
  experiments(): ExperimentSnapshot[];
  templates(): ExperimentTemplate[];
  helpers: {
    /**
     * Makes an action fail with `reason` when it runs: in every later experiment of a template (template id), or
     * in one experiment (experiment id; at once if the action is running).
     */
    failAction(templateOrExperimentId: string, actionName: string, reason: string): void;
    /** Resources that targets selecting `resourceType` by tags resolve to. */
    addResources(resourceType: string, resources: readonly FakeResource[]): void;
    /** Resolves when the experiment reaches one of `statuses` (rejects after `timeoutMs`, default 10 s). */
    waitFor(
      experimentId: string,
      statuses: readonly ExperimentStatus[],
      timeoutMs?: number,
    ): Promise<ExperimentSnapshot>;
  };
  stop(): Promise<void>;
}

export async function startFakeFis(options: FakeFisOptions): Promise<FakeFis> {
  const region = options.region ?? 'us-east-1';
  const partition = partitionOfRegion(region);
  if (partition.id === 'aws-cn') {
    throw new Error(`FIS is not offered in ${partition.name} (region ${region}): there is no FIS endpoint to fake.`);
  }
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be a positive number, not ${timeScale}.`);
  const clock = () => performance.now();
  const store = new FisStore(
    { region, partition: partition.id, accountId: options.accountId ?? '123456789012', timeScale },
    clock,
  );
  const requests: FisRequestRecord[] = [];
  const alarmErrors: string[] = [];
  const handler = createRequestHandler({ store, region, credentials: options.credentials, requests });
  const dir = options.tls ? mkdtempSync(join(tmpdir(), 'fake-fis-')) : undefined;
  const ca = dir === undefined ? undefined : createTestCa(join(dir, 'ca'));
  const leaf = ca?.issue(['127.0.0.1', 'localhost']);
  const server = leaf
    ? createHttpsServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const advanceAll = () => {
    for (const { run, createdAtMs } of store.runs.values())
      if (!run.finished) run.advance(store.virtualSeconds(createdAtMs));
  };
  const ticker = setInterval(advanceAll, options.tickMs ?? 10);
  ticker.unref();

  let stopped = false;
  let pollTimer: NodeJS.Timeout | undefined;
  const pollAlarms = async () => {
    const watched = [...store.runs.values()].filter(({ run }) => run.watchedAlarms().length > 0);
    if (watched.length > 0) {
      if (!options.cloudWatch) {
        for (const { run, createdAtMs } of watched) {
          run.alarmsUnreadable(
            REASONS.experiment.noCloudWatch(run.watchedAlarms()[0] ?? ''),
            store.virtualSeconds(createdAtMs),
          );
        }
      } else {
        try {
          const states = await describeAlarms(options.cloudWatch, [
            ...new Set(watched.flatMap(({ run }) => run.watchedAlarms())),
          ]);
          for (const { run, createdAtMs } of watched) run.alarmStates(states, store.virtualSeconds(createdAtMs));
        } catch (error) {
          alarmErrors.push((error as Error).message);
        }
      }
    }
    if (!stopped) pollTimer = setTimeout(() => void pollAlarms(), options.alarmPollMs ?? 50);
  };
  void pollAlarms();

  const snapshot = (id: string): ExperimentSnapshot => {
    const run = store.runOf(id);
    return { ...structuredClone(run.experiment), history: structuredClone(run.history) };
  };

  return {
    url: `${leaf ? 'https' : 'http'}://127.0.0.1:${port}`,
    region,
    ...(ca ? { caCertPath: ca.caCertPath, caPem: readFileSync(ca.caCertPath, 'utf8') } : {}),
    requests,
    alarmErrors,
    experiments: () => [...store.runs.keys()].map(snapshot),
    templates: () => [...store.templates.values()].map((t) => structuredClone(t)),
    helpers: {
      failAction(id, actionName, reason) {
        const failures = store.failures.get(id) ?? new Map<string, string>();
        failures.set(actionName, reason);
        store.failures.set(id, failures);
      },
      addResources(resourceType, resources) {
        store.resources.set(resourceType, [...(store.resources.get(resourceType) ?? []), ...resources]);
      },
      async waitFor(id, statuses, timeoutMs = 10_000) {
        const deadline = clock() + timeoutMs;
        for (;;) {
          const current = snapshot(id);
          if (statuses.includes(current.state.status)) return current;
          if (clock() > deadline) {
            throw new Error(
              `Experiment ${id} is still ${current.state.status} after ${timeoutMs} ms (waited for ${statuses.join(', ')}).`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      },
    },
    stop: async () => {
      stopped = true;
      clearInterval(ticker);
      if (pollTimer) clearTimeout(pollTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
