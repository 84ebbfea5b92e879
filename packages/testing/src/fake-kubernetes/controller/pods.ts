/**
 * The scheduler and the kubelets in one: binds pods to nodes and moves their status over ticks the way a node
 * reports it. What happens depends on the images: a behaviour set with setImageBehaviour for an exact image wins,
 * then markers in the image reference:
 *   `crashloop`                       Running, container waiting CrashLoopBackOff, restartCount rising, lastState terminated Error
 *   `oom`                             as crashloop, lastState terminated OOMKilled (exit code 137)
 *   `imagepull-fail`, `does-not-exist` Pending, ErrImagePull, then ImagePullBackOff
 *   `never-ready`                     Running, container running but never ready
 *   `unschedulable`                   Pending, PodScheduled=False reason Unschedulable, no node
 * Any other image starts, runs and becomes ready on the second tick after the pod is created.
 */
import { clone, deepEqual } from '../json.js';
import type { Condition, ContainerStatus, KubeObject, Pod, PodTemplate } from '../types.js';
import { controllerRef, type ControllerContext } from './context.js';
import { timestamp } from '../apply.js';
import { randomSuffix } from '../objects.js';

export type PodBehaviour = 'ready' | 'crashloop' | 'oom' | 'imagepull-fail' | 'never-ready' | 'unschedulable';

const MARKERS: [string, PodBehaviour][] = [
  ['unschedulable', 'unschedulable'],
  ['imagepull-fail', 'imagepull-fail'],
  ['does-not-exist', 'imagepull-fail'],
  ['crashloop', 'crashloop'],
  ['oom', 'oom'],
  ['never-ready', 'never-ready'],
];

/** Worse behaviours win when a pod has several containers. */
const SEVERITY: PodBehaviour[] = ['ready', 'never-ready', 'crashloop', 'oom', 'imagepull-fail', 'unschedulable'];

export class PodBehaviours {
  private readonly overrides = new Map<string, PodBehaviour>();

  set(image: string, behaviour: PodBehaviour): void {
    this.overrides.set(image, behaviour);
  }

  clear(): void {
    this.overrides.clear();
  }

  forImage(image: string): PodBehaviour {
    const override = this.overrides.get(image);
    if (override) return override;
    return MARKERS.find(([marker]) => image.includes(marker))?.[1] ?? 'ready';
  }
}

interface PodProgress {
  ticks: number;
}

export interface PodOptions {
  /** Ticks between two restarts of a crash-looping container. */
  restartEveryTicks: number;
}

function condition(
  type: string,
  status: Condition['status'],
  time: string,
  reason?: string,
  message?: string,
): Condition {
  const c: Condition = { type, status, lastTransitionTime: time };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** Keep lastTransitionTime when a condition's status did not change. */
function mergeConditions(previous: Condition[] | undefined, next: Condition[]): Condition[] {
  return next.map((c) => {
    const before = previous?.find((p) => p.type === c.type);
    return before && before.status === c.status
      ? { ...c, lastTransitionTime: before.lastTransitionTime ?? c.lastTransitionTime }
      : c;
  });
}

/** A pod for `owner` from its template (what ReplicaSet, StatefulSet and DaemonSet controllers create). */
export function podFromTemplate(
  owner: KubeObject,
  template: PodTemplate,
  name: string,
  extraLabels: Record<string, string>,
  nodeName?: string,
): Pod {
  const spec = clone(template.spec ?? {}) as Pod['spec'];
  if (nodeName) spec.nodeName = nodeName;
  const metadata: Pod['metadata'] = {
    name,
    namespace: owner.metadata.namespace,
    labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
    ownerReferences: [controllerRef(owner)],
  };
  if (template.metadata?.annotations) metadata.annotations = clone(template.metadata.annotations);
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

export function generatedPodName(prefix: string): string {
  return `${prefix}-${randomSuffix()}`;
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Ready for at least minReadySeconds (the controllers' notion of "available"). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

export class PodLifecycle {
  private readonly progress = new Map<string, PodProgress>();
  private nextNode = 0;
  private nextIp = 2;

  constructor(
    private readonly ctx: ControllerContext,
    readonly behaviours: PodBehaviours,
    private readonly options: PodOptions,
  ) {}

  reconcile(): void {
    const pods = this.ctx.list<Pod>(this.ctx.types.pods);
    const alive = new Set<string>();
    this.ctx.each(pods, (pod) => {
      const uid = pod.metadata.uid ?? '';
      alive.add(uid);
      const progress = this.progress.get(uid) ?? { ticks: 0 };
      this.progress.set(uid, progress);
      progress.ticks += 1;
      this.advance(pod, progress.ticks - 1);
    });
    for (const uid of this.progress.keys()) if (!alive.has(uid)) this.progress.delete(uid);
  }

  private behaviourOf(pod: Pod): PodBehaviour {
    const images = (pod.spec?.containers ?? []).map((c) => c.image ?? '');
    return images
      .map((i) => this.behaviours.forImage(i))
      .reduce<PodBehaviour>((worst, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(worst) ? b : worst), 'ready');
  }

  private advance(pod: Pod, ticks: number): void {
    const behaviour = this.behaviourOf(pod);
    const time = timestamp(this.ctx.now());
    if (behaviour !== 'unschedulable' && !pod.spec?.nodeName) {
      const node = this.ctx.nodes[this.nextNode++ % this.ctx.nodes.length] ?? 'node-1';
      const bound = clone(pod);
      bound.spec = { ...(bound.spec ?? {}), nodeName: node };
      pod = this.ctx.update(this.ctx.types.pods, bound, 'kube-scheduler');
    }
    const status = this.statusFor(pod, behaviour, ticks, time);
    status.conditions = mergeConditions(pod.status?.conditions, status.conditions ?? []);
    if (deepEqual(status, pod.status)) return;
    const next = clone(pod);
    next.status = status;
    this.ctx.updateStatus(this.ctx.types.pods, next, 'kubelet');
  }

  private statusFor(pod: Pod, behaviour: PodBehaviour, ticks: number, time: string): NonNullable<Pod['status']> {
    const previous = pod.status ?? {};
    const base = {
      qosClass: 'BestEffort',
      ...(previous.startTime ? { startTime: previous.startTime } : {}),
    };
    if (behaviour === 'unschedulable') {
      return {
        ...base,
        phase: 'Pending',
        conditions: [
          condition(
            'PodScheduled',
            'False',
            time,
            'Unschedulable',
            `0/${this.ctx.nodes.length} nodes are available: ${this.ctx.nodes.length} Insufficient cpu. preemption: 0/${this.ctx.nodes.length} nodes are available: ${this.ctx.nodes.length} No preemption victims found for incoming pod.`,
          ),
        ],
      };
    }
    const hostIP = `192.168.0.${(this.ctx.nodes.indexOf(pod.spec?.nodeName ?? '') + 10) % 250}`;
    const podIP = (previous.podIP as string | undefined) ?? `10.244.0.${(this.nextIp++ % 250) + 2}`;
    const started = { ...base, startTime: previous.startTime ?? time, hostIP };
    const containers = pod.spec?.containers ?? [];
    const previousStatuses = previous.containerStatuses ?? [];
    const scheduled = condition('PodScheduled', 'True', time);
    if (ticks === 0) {
      return {
        ...started,
        phase: 'Pending',
        conditions: [
          condition('Initialized', 'True', time),
          condition(
            'Ready',
            'False',
            time,
            'ContainersNotReady',
            `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`,
          ),
          condition(
            'ContainersReady',
            'False',
            time,
            'ContainersNotReady',
            `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`,
          ),
          scheduled,
        ],
        containerStatuses: containers.map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
          lastState: {},
        })),
      };
    }
    const statuses: ContainerStatus[] = containers.map((c) => {
      const before = previousStatuses.find((s) => s.name === c.name);
      const image = c.image ?? '';
      const own = this.behaviours.forImage(image);
      const imageID = `${image.split('@')[0]?.split(':')[0] ?? image}@sha256:${'0'.repeat(64)}`;
      const containerID = `containerd://${pod.metadata.uid?.replace(/-/g, '') ?? ''}${c.name}`;
      switch (own) {
        case 'imagepull-fail':
          return {
            name: c.name,
            image,
            imageID: '',
            ready: false,
            started: false,
            restartCount: 0,
            state: {
              waiting:
                ticks === 1
                  ? {
                      reason: 'ErrImagePull',
                      message: `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
                    }
                  : { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` },
            },
            lastState: {},
          };
        case 'crashloop':
        case 'oom': {
          const restarts = Math.floor((ticks - 1) / this.options.restartEveryTicks) + 1;
          const oom = own === 'oom';
          const finishedAt =
            before && before.restartCount === restarts ? (before.lastState.terminated?.finishedAt ?? time) : time;
          return {
            name: c.name,
            image,
            imageID,
            containerID,
            ready: false,
            started: false,
            restartCount: restarts,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off ${Math.min(300, 10 * 2 ** Math.min(restarts - 1, 5))}s restarting failed container=${c.name} pod=${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`,
              },
            },
            lastState: {
              terminated: {
                exitCode: oom ? 137 : 1,
                reason: oom ? 'OOMKilled' : 'Error',
                startedAt: previous.startTime ?? time,
                finishedAt,
              },
            },
          };
        }
        default:
          return {
            name: c.name,
            image,
            imageID,
            containerID,
            ready: own !== 'never-ready',
            started: true,
            restartCount: 0,
            state: { running: { startedAt: before?.state.running?.startedAt ?? time } },
            lastState: {},
          };
      }
    });
    const allReady = statuses.every((s) => s.ready);
    const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
    const pulling = statuses.some(
      (s) => s.state.waiting && ['ErrImagePull', 'ImagePullBackOff'].includes(s.state.waiting.reason),
    );
    const readyReason = allReady ? undefined : 'ContainersNotReady';
    const readyMessage = allReady ? undefined : `containers with unready status: [${notReady.join(' ')}]`;
    return {
      ...started,
      phase: pulling ? 'Pending' : 'Running',
      podIP,
      conditions: [
        condition('Initialized', 'True', time),
        condition('Ready', allReady ? 'True' : 'False', time, readyReason, readyMessage),
        condition('ContainersReady', allReady ? 'True' : 'False', time, readyReason, readyMessage),
        scheduled,
      ],
      containerStatuses: statuses,
    };
  }
}
