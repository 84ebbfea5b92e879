import { log, setOutput, writeSummary } from '@aws-delivery/action-kit';
import { awsClientConfig, getCallerIdentity } from '@aws-delivery/aws';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { upsertPrComment } from '../github/pr-comment.js';
import { installScanner } from '../install/install-scanner.js';
import { runScanner } from '../scan/run-scanner.js';
import { importFindings } from '../aws/security-hub-import.js';
import type { AsffFinding } from '@aws-delivery/findings';

/** The effects `run` needs, passed in so tests can replace them. */
export interface Deps {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  platform: NodeJS.Platform;
  arch: string;
  signal?: AbortSignal;
  installScanner: typeof installScanner;
  runScanner: typeof runScanner;
  upsertPrComment: typeof upsertPrComment;
  callerAccountId: (region: string, proxy?: string) => Promise<string>;
  importToSecurityHub: (
    findings: Iterable<AsffFinding>,
    region: string,
    proxy?: string,
  ) => ReturnType<typeof importFindings>;
  setOutput: typeof setOutput;
  writeSummary: typeof writeSummary;
  log: typeof log;
}

function clientOptions(region: string, proxy: string | undefined) {
  return { region, ...(proxy ? { proxy } : {}) };
}

export function defaultDeps(signal?: AbortSignal): Deps {
  return {
    env: process.env,
    now: () => new Date(),
    platform: process.platform,
    arch: process.arch,
    ...(signal ? { signal } : {}),
    installScanner,
    runScanner,
    upsertPrComment,
    async callerAccountId(region, proxy) {
      const client = new STSClient(awsClientConfig(clientOptions(region, proxy)));
      try {
        return (await getCallerIdentity(client, region)).accountId;
      } finally {
        client.destroy();
      }
    },
    async importToSecurityHub(findings, region, proxy) {
      const client = new SecurityHubClient(awsClientConfig(clientOptions(region, proxy)));
      try {
        return await importFindings(client, findings);
      } finally {
        client.destroy();
      }
    },
    setOutput,
    writeSummary,
    log,
  };
}
