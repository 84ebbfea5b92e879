/** What the demo stages share: the local services they start (once, lazily) and each stage's step outputs. */
import { startMoto } from '@aws-delivery/testing';

type Moto = Awaited<ReturnType<typeof startMoto>>;

export interface StageResult {
  ok: boolean;
  /** What the stage did, in a few lines a person reads. */
  lines: string[];
  outputs?: Record<string, string>;
  /** The Markdown its step(s) wrote to GITHUB_STEP_SUMMARY, kept in demo-output/<stage>/summary.md. */
  summary?: string;
  /** Files the step wrote (absolute paths), copied into demo-output/<stage>/ before the workspace is removed. */
  files?: string[];
  /** When the stage shows a step failing on purpose: why, as the pipeline table says it ("gate failed as intended: …"). */
  intended?: string;
}

export class DemoContext {
  readonly outputs = new Map<string, Record<string, string>>();
  private readonly stops: (() => Promise<void>)[] = [];
  private moto?: Promise<Moto>;

  /** The local AWS emulator, started on first use. */
  aws(): Promise<Moto> {
    this.moto ??= startMoto().then((moto) => {
      this.stops.push(() => moto.stop());
      return moto;
    });
    return this.moto;
  }

  /** Registers a cleanup that runs when the demo ends, whatever happened. */
  onStop(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch(() => undefined);
  }
}
