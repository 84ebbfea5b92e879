// The FIS client the post step uses, in a module of its own: cleanup.ts imports it only when there is work to do.
import type { PostStep } from '@aws-delivery/action-kit';
import { senderFor, stepSigner } from './clients.js';
import { createFisClient, type FisApi } from './fis/fis-client.js';
import type { SavedState } from './state.js';

/** The FIS client post uses, from the saved region and endpoint and the step's network inputs; replaceable in tests. */
export function postFisClient(step: PostStep, saved: SavedState): { fis: FisApi; destroy(): void } {
  const seconds = Number(step.input('request-timeout-seconds') || '30');
  const sender = senderFor(
    'fis',
    {
      region: saved.region,
      ...(saved.fisEndpoint ? { endpoint: saved.fisEndpoint } : {}),
      network: {
        ...(step.input('http-proxy') ? { proxy: step.input('http-proxy') } : {}),
        ...(step.input('no-proxy') ? { noProxy: step.input('no-proxy') } : {}),
        ...(step.input('ca-bundle') ? { caBundle: step.input('ca-bundle') } : {}),
        requestTimeoutMs: (Number.isInteger(seconds) && seconds > 0 ? seconds : 30) * 1000,
      },
      env: step.env,
      log: (line) => step.log.debug(line),
    },
    stepSigner(step),
  );
  return { fis: createFisClient(sender, step.signal), destroy: () => sender.destroy() };
}
