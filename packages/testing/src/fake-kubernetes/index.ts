/**
 * A fake Kubernetes API server for tests and the demo: HTTPS with its own CA, discovery, server-side apply, watch,
 * and controllers that move Deployments, ReplicaSets, StatefulSets, DaemonSets and Pods over time. The real kubectl
 * works against it (test/fake-kubernetes pins that). See README.md in this folder for what it models and what not.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stsHost } from '@aws-delivery/aws';
import { createTestCa } from '../tls.js';
import { Authenticator, type EksAuthOptions } from './auth.js';
import { bootstrapCluster, nodeNames } from './bootstrap.js';
import { ControllerContext, type ControllerError, type TimelineEntry } from './controller/context.js';
import { ControllerLoop } from './controller/loop.js';
import { PodBehaviours, PodLifecycle, type PodBehaviour } from './controller/pods.js';
import type { VersionInfo } from './discovery.js';
import { writeKubeconfig } from './kubeconfig.js';
import { ObjectService } from './objects.js';
import { ResourceRegistry } from './resources.js';
import { createRequestHandler, type AuthRecord, type RequestRecord } from './server.js';
import { makeTestEksToken } from './sigv4.js';
import { ObjectStore } from './store.js';
import type { KubeObject } from './types.js';
import { WatchHub } from './watch.js';

export type { PodBehaviour } from './controller/pods.js';
export type { TimelineEntry, ControllerError } from './controller/context.js';
export type { EksAuthOptions, AuthOutcome } from './auth.js';
export type { RequestRecord, AuthRecord } from './server.js';
export type { KubeObject } from './types.js';
export { verifyEksToken, checkStsHost } from './auth.js';
export { makeTestEksToken, type TestEksTokenInput } from './sigv4.js';

export interface FakeKubernetesOptions {
  /** Where the CA, server certificate and kubeconfig go; a fresh temporary directory (removed by stop()) by default. */
  dir?: string;
  /** Controller tick in milliseconds (default 50). */
  tickMs?: number;
  /** How many nodes the cluster has (default 3); DaemonSets put one pod on each. */
  nodes?: number;
  /** Accept EKS tokens for this cluster; without it only the static token works. */
  eks?: EksAuthOptions;
  /** More static bearer tokens to accept besides the generated one. */
  staticTokens?: string[];
  /** Watch events kept for replay before a watch from an older resourceVersion gets 410 Gone (default 10000). */
  watchHistory?: number;
  /** What /version reports (default 1 / 32+ / v1.32.0-eks-fake, shaped like an EKS control plane). */
  version?: Partial<VersionInfo>;
  /** Controller ticks between restarts of a crash-looping container (default 2). */
  restartEveryTicks?: number;
  /** The cluster's clock (token expiry, condition times, deadlines). */
  now?: () => Date;
  /** Start the controller timer (default true); tests can step with controller.tick() instead. */
  startControllers?: boolean;
}

export interface FakeEksTokenInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Signing region; the STS host defaults to that region's host in its partition. */
  region: string;
  stsHost?: string;
  date?: Date;
  expiresSeconds?: number;
}

export interface FakeKubernetes {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  caCertPath: string;
  caPem: string;
  /** A kubeconfig (0600) for the real kubectl, using the static token. */
  kubeconfigPath: string;
  /** The static bearer token the fake accepts. */
  token: string;
  dir: string;
  /** A token in the EKS shape for the configured cluster name (needs the eks option). */
  eksToken(input: FakeEksTokenInput): string;
  /** Let "STS" know a key pair, so EKS tokens signed with it verify (signature checks start with the first pair). */
  trustAwsCredentials(accessKeyId: string, secretAccessKey: string): void;
  controller: {
    readonly tickMs: number;
    setTickMs(ms: number): void;
    tick(): void;
    pause(): void;
    resume(): void;
    /** Make pods with exactly this image behave as given, whatever markers it has. */
    setImageBehaviour(image: string, behaviour: PodBehaviour): void;
    clearImageBehaviours(): void;
    readonly timeline: readonly TimelineEntry[];
    onTimeline(listener: (entry: TimelineEntry) => void): () => void;
    /** The last error that stopped a whole tick (a bug in the fake). */
    readonly lastError: Error | undefined;
    /** Recent per-object reconcile failures (the other objects carried on). */
    readonly errors: readonly ControllerError[];
  };
  /** Read what the cluster holds, bypassing HTTP (group '' for the core group). */
  getObject(group: string, resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  listObjects(group: string, resource: string, namespace?: string): KubeObject[];
  /** Drop watch history so any watch from an older resourceVersion answers 410 Gone. */
  compactWatchHistory(): void;
  /** End every open watch stream now, as an API server restart or a dropped connection would (clients must re-watch). */
  dropWatches(): void;
  /**
   * While true, watches opened from now on send their headers and then no event until they end, as behind a proxy
   * that buffers streamed answers; false lets watches opened afterwards deliver again.
   */
  silenceWatches(silent: boolean): void;
  readonly requests: readonly RequestRecord[];
  readonly authLog: readonly AuthRecord[];
  readonly openWatches: number;
  stop(): Promise<void>;
}

const DEFAULT_VERSION: VersionInfo = { major: '1', minor: '32+', gitVersion: 'v1.32.0-eks-fake' };

export async function startFakeKubernetes(options: FakeKubernetesOptions = {}): Promise<FakeKubernetes> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'fake-kubernetes-'));
  const ca = createTestCa(join(dir, 'ca'));
  const leaf = ca.issue(['127.0.0.1', 'localhost']);
  const clock = options.now ?? (() => new Date());
  const token = randomBytes(24).toString('base64url');
  const version = { ...DEFAULT_VERSION, ...(options.version ?? {}) };

  const registry = new ResourceRegistry();
  const store = new ObjectStore(options.watchHistory ?? 10_000);
  const service = new ObjectService(store, registry, clock);
  const nodes = nodeNames(options.nodes ?? 3);
  bootstrapCluster(service, registry, nodes, version.gitVersion);
  const eks = options.eks ? { ...options.eks, credentials: { ...(options.eks.credentials ?? {}) } } : undefined;
  const auth = new Authenticator([token, ...(options.staticTokens ?? [])], eks, clock);
  const watches = new WatchHub(store);
  const requests: RequestRecord[] = [];
  const authLog: AuthRecord[] = [];

  const find = (resource: string, group: string) => {
    const type = registry.all().find((t) => t.group === group && t.resource === resource);
    if (!type) throw new Error(`fake Kubernetes: no resource type ${resource}.${group}`);
    return type;
  };
  const ctx = new ControllerContext(
    service,
    {
      deployments: find('deployments', 'apps'),
      replicasets: find('replicasets', 'apps'),
      statefulsets: find('statefulsets', 'apps'),
      daemonsets: find('daemonsets', 'apps'),
      controllerrevisions: find('controllerrevisions', 'apps'),
      pods: find('pods', ''),
    },
    nodes,
  );
  const behaviours = new PodBehaviours();
  const loop = new ControllerLoop(
    ctx,
    new PodLifecycle(ctx, behaviours, { restartEveryTicks: options.restartEveryTicks ?? 2 }),
    options.tickMs ?? 50,
  );

  let address = '127.0.0.1:0';
  const server: Server = createServer(
    { cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) },
    createRequestHandler({
      service,
      registry,
      watches,
      auth,
      version,
      serverAddress: () => address,
      requests,
      authLog,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `https://${address}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeKubeconfig({ path: kubeconfigPath, server: url, caCertPath: ca.caCertPath, token });
  if (options.startControllers !== false) loop.start();

  const typeFor = (group: string, resource: string) =>
    registry.all().find((t) => t.group === group && t.resource === resource);
  let stopped = false;

  return {
    url,
    port,
    caCertPath: ca.caCertPath,
    caPem: readFileSync(ca.caCertPath, 'utf8'),
    kubeconfigPath,
    token,
    dir,
    eksToken(input) {
      if (!eks) throw new Error('startFakeKubernetes: pass the eks option to make EKS tokens');
      return makeTestEksToken({
        stsHost: input.stsHost ?? stsHost(input.region),
        region: input.region,
        clusterName: eks.clusterName,
        accessKeyId: input.accessKeyId,
        secretAccessKey: input.secretAccessKey,
        ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}),
        ...(input.date ? { date: input.date } : {}),
        ...(input.expiresSeconds !== undefined ? { expiresSeconds: input.expiresSeconds } : {}),
      });
    },
    trustAwsCredentials: (accessKeyId, secretAccessKey) => auth.trustAwsCredentials(accessKeyId, secretAccessKey),
    controller: {
      get tickMs() {
        return loop.tickMs;
      },
      setTickMs: (ms) => loop.setInterval(ms),
      tick: () => loop.tick(),
      pause: () => loop.pause(),
      resume: () => loop.resume(),
      setImageBehaviour: (image, behaviour) => behaviours.set(image, behaviour),
      clearImageBehaviours: () => behaviours.clear(),
      get timeline() {
        return ctx.timeline;
      },
      onTimeline: (listener) => ctx.onTimeline(listener),
      get lastError() {
        return loop.lastError;
      },
      get errors() {
        return ctx.errors;
      },
    },
    getObject(group, resource, namespace, name) {
      const type = typeFor(group, resource);
      return type ? service.find(type, namespace, name) : undefined;
    },
    listObjects(group, resource, namespace) {
      const type = typeFor(group, resource);
      return type ? service.list(type, namespace).items : [];
    },
    compactWatchHistory: () => store.compact(),
    dropWatches: () => watches.closeAll(),
    silenceWatches: (silent) => {
      watches.silent = silent;
    },
    requests,
    authLog,
    get openWatches() {
      return watches.openWatches;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      loop.stop();
      watches.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
