/** Runs every controller once per tick (a timer the test can pause, resume, or step by hand). */
import type { ControllerContext } from './context.js';
import { reconcileDaemonSets } from './daemonset.js';
import { reconcileDeployments } from './deployment.js';
import { PodLifecycle } from './pods.js';
import { reconcileReplicaSets } from './replicaset.js';
import { reconcileStatefulSets } from './statefulset.js';

export class ControllerLoop {
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private failures = 0;
  lastError: Error | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly pods: PodLifecycle,
    private intervalMs: number,
  ) {}

  get tickMs(): number {
    return this.intervalMs;
  }

  /** One pass of every controller, in dependency order. Synchronous: no request interleaves with it. */
  tick(): void {
    reconcileDeployments(this.ctx);
    reconcileReplicaSets(this.ctx);
    reconcileStatefulSets(this.ctx);
    reconcileDaemonSets(this.ctx);
    this.pods.reconcile();
    reconcileReplicaSets(this.ctx);
    reconcileDeployments(this.ctx);
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => {
      if (this.paused) return;
      try {
        this.tick();
      } catch (error) {
        this.failures += 1;
        this.lastError = error as Error;
        if (this.failures <= 3)
          console.error(`fake Kubernetes controller tick failed: ${(error as Error).stack ?? String(error)}`);
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    if (this.timer) this.start();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
