/**
 * The real effects chaos-experiment uses: FIS and CloudWatch through packages/aws's signed sender (proxy, NO_PROXY,
 * CA bundle, timeouts, retries), HTTP probes through its httpGet, and the clock. Tests pass their own clock (a
 * scaled one, to run against the fake FIS's scaled time) and the same network clients.
 */
import type { RunnerIO } from '@aws-delivery/action-kit';
import { createSignedSender, describeAlarms, httpGet, type SignedSender } from '@aws-delivery/aws';
import type { Config } from './config.js';
import type { AlarmState } from './core/preflight.js';
import type { HttpObservation } from './core/probes.js';
import { DEFAULT_POLL_POLICY, type PollPolicy } from './core/watch.js';
import { credentialsFrom, sigV4Signer } from './fis/credentials.js';
import { createFisClient, type FisApi } from './fis/fis-client.js';

export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface AlarmReading {
  arn: string;
  state: AlarmState;
}

export interface Clients {
  fis: FisApi;
  /** DescribeAlarms: the alarms found among `names`, by name. */
  alarms(names: readonly string[]): Promise<Map<string, AlarmReading>>;
  httpProbe(url: string): Promise<HttpObservation>;
  clock: Clock;
  pollPolicy: PollPolicy;
  destroy(): void;
}

export const realClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface SenderSettings {
  region: string;
  endpoint?: string;
  network: Config['network'];
  env: RunnerIO['env'];
  log: (line: string) => void;
}

export type Signer = ReturnType<typeof sigV4Signer>;

/** The step's signer: the credentials in its environment (masked) or the runner's own. */
export function stepSigner(io: Pick<RunnerIO, 'env' | 'mask'>): Signer {
  return sigV4Signer(credentialsFrom(io.env, (secret) => io.mask(secret)));
}

/** A signed sender for one service, on the step's network settings. */
export function senderFor(service: 'fis' | 'monitoring', settings: SenderSettings, sign: Signer) {
  return createSignedSender({
    service,
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.network.proxy ? { proxy: settings.network.proxy } : {}),
    ...(settings.network.noProxy ? { noProxy: settings.network.noProxy } : {}),
    ...(settings.network.caBundle ? { caBundle: settings.network.caBundle } : {}),
    requestTimeoutMs: settings.network.requestTimeoutMs,
    sign,
    env: settings.env,
    log: settings.log,
    inputNames: {
      region: 'region',
      endpoint: service === 'fis' ? 'fis-endpoint' : 'cloudwatch-endpoint',
      proxy: 'http-proxy',
      caBundle: 'ca-bundle',
    },
  });
}

export function alarmReader(sender: SignedSender) {
  return async (names: readonly string[]): Promise<Map<string, AlarmReading>> => {
    const found = await describeAlarms(sender, names);
    return new Map([...found].map(([name, alarm]) => [name, { arn: alarm.arn, state: alarm.state as AlarmState }]));
  };
}

export function realClients(config: Config, io: RunnerIO, clock: Clock = realClock): Clients {
  const settings = { region: config.region, network: config.network, env: io.env, log: (l: string) => io.log.debug(l) };
  const sign = stepSigner(io);
  let fisSender: SignedSender | undefined;
  let cloudWatchSender: SignedSender | undefined;
  // Made on first use: a step that skips (aws-cn) makes no client at all.
  const fis = () =>
    (fisSender ??= senderFor(
      'fis',
      { ...settings, ...(config.fisEndpoint ? { endpoint: config.fisEndpoint } : {}) },
      sign,
    ));
  const cloudWatch = () =>
    (cloudWatchSender ??= senderFor(
      'monitoring',
      { ...settings, ...(config.cloudWatchEndpoint ? { endpoint: config.cloudWatchEndpoint } : {}) },
      sign,
    ));
  let fisApi: FisApi | undefined;
  return {
    get fis() {
      return (fisApi ??= createFisClient(fis()));
    },
    alarms: (names) => alarmReader(cloudWatch())(names),
    async httpProbe(url) {
      try {
        const answer = await httpGet(new URL(url), {
          ...(config.network.proxy ? { proxy: config.network.proxy } : {}),
          ...(config.network.caBundle ? { caBundle: config.network.caBundle } : {}),
          timeoutMs: config.network.requestTimeoutMs,
          maxBytes: 1024 * 1024,
        });
        return { status: answer.status };
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
    clock,
    pollPolicy: DEFAULT_POLL_POLICY,
    destroy() {
      fisSender?.destroy();
      cloudWatchSender?.destroy();
    },
  };
}
