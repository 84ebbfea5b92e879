import { ActionError } from '@aws-delivery/action-kit';
import { awsErrorName } from '../ecr/aws-error-name.js';
import type { EcrApi } from '../ecr/ecr-api.js';
import type { RegistryTarget } from '../targets/registry-target.js';
import type { EcrBasicFinding, EcrEnhancedFinding } from './scan-findings.js';

export interface ScanResult {
  /** `complete`: findings are final; `unsupported`: ECR cannot scan this image (no OS packages, e.g. FROM scratch). */
  status: 'complete' | 'unsupported';
  description?: string;
  basic: EcrBasicFinding[];
  enhanced: EcrEnhancedFinding[];
}

export interface WaitOptions {
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log: (line: string) => void;
  /** First wait between polls; doubles up to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
}

const DONE = new Set(['COMPLETE', 'ACTIVE']);
const WAITING = new Set(['IN_PROGRESS', 'PENDING']);

async function allPages(
  target: RegistryTarget,
  digest: string,
  ecr: EcrApi,
  first: Awaited<ReturnType<EcrApi['scanFindings']>>,
) {
  const basic = [...first.basic];
  const enhanced = [...first.enhanced];
  let token = first.nextToken;
  while (token) {
    const page = await ecr.scanFindings(target, digest, token);
    basic.push(...page.basic);
    enhanced.push(...page.enhanced);
    token = page.nextToken;
  }
  return { basic, enhanced };
}

/**
 * Waits for ECR's scan of the pushed digest (basic or enhanced). While ECR does not list the image yet it waits;
 * when no scan exists it starts one (a basic-scanning repository without scan on push). Bounded by timeoutMs.
 */
export async function waitForScan(
  target: RegistryTarget,
  digest: string,
  ecr: EcrApi,
  options: WaitOptions,
): Promise<ScanResult> {
  const deadline = options.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 300;
  let started = false;
  let said = '';
  const say = (line: string) => {
    if (line !== said) options.log(line);
    said = line;
  };
  for (;;) {
    let waitingFor: string;
    try {
      const page = await ecr.scanFindings(target, digest);
      if (DONE.has(page.status)) {
        return {
          status: 'complete',
          ...(page.description ? { description: page.description } : {}),
          ...(await allPages(target, digest, ecr, page)),
        };
      }
      if (
        page.status === 'UNSUPPORTED_IMAGE' ||
        (page.status === 'FAILED' && /unsupported/i.test(page.description ?? ''))
      ) {
        return {
          status: 'unsupported',
          ...(page.description ? { description: page.description } : {}),
          basic: [],
          enhanced: [],
        };
      }
      if (!WAITING.has(page.status)) {
        throw new ActionError(
          `ECR's scan of ${target.registryHost}/${target.repository}@${digest} ended with status ${page.status}${page.description ? `: ${page.description}` : ''}.`,
          'see the repository in the ECR console; set scan: off to push without the gate.',
        );
      }
      waitingFor = `the scan (${page.status})`;
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'ImageNotFoundException') {
        waitingFor = 'ECR to list the pushed image';
      } else if (name === 'ScanNotFoundException') {
        waitingFor = 'the scan to start';
        if (!started) {
          started = true;
          if (await ecr.startScan(target, digest)) {
            options.log(`Started an ECR scan of ${digest} in ${target.registryHost}/${target.repository}.`);
          }
        }
      } else {
        throw error;
      }
    }
    if (options.now() >= deadline) {
      throw new ActionError(
        `Waited ${Math.round(options.timeoutMs / 1000)} s for ${waitingFor} of ${target.registryHost}/${target.repository}@${digest}.`,
        'raise scan-timeout-seconds, or check that the repository scans images (scan on push, or the registry scanning configuration).',
      );
    }
    say(`Waiting for ${waitingFor} in ${target.registryHost}/${target.repository}...`);
    await options.sleep(Math.min(interval, Math.max(0, deadline - options.now())));
    interval = Math.min(interval * 2, options.maxIntervalMs ?? 15_000);
  }
}
