import { simulateStep, type SimulateStepOptions, type StepResult } from '../runner/simulate.js';
import { startFaultProxy } from './proxy.js';

/** An action's bundle run behind a proxy that never answers. */
export interface SilentProxyRun {
  result: StepResult;
  /** The proxy's URL, as the step's error should name it. */
  proxyUrl: string;
  /** TCP connections the proxy accepted: one per attempt. */
  connections: number;
  elapsedMs: number;
}

/**
 * Runs an action's bundle (main only) as a runner does, with a proxy that accepts every connection and never
 * answers CONNECT: `step` gets the proxy's URL for its inputs or environment. The proxy is stopped afterwards.
 */
export async function simulateBehindSilentProxy(
  step: (proxyUrl: string) => SimulateStepOptions,
): Promise<SilentProxyRun> {
  const proxy = await startFaultProxy({ then: { kind: 'hang' } });
  const started = Date.now();
  try {
    const result = await simulateStep({ post: false, ...step(proxy.url) });
    return { result, proxyUrl: proxy.url, connections: proxy.connections(), elapsedMs: Date.now() - started };
  } finally {
    await proxy.stop();
  }
}
