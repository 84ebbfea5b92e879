import type { RunnerIO, Step } from '@aws-delivery/action-kit';
import type { Config } from '../config.js';
import type { AsffFinding } from '@aws-delivery/findings';
import type { importFindings } from '../aws/security-hub-import.js';
import type { upsertPrComment } from '../github/pr-comment.js';
import type { installScanner } from '../install/install-scanner.js';
import type { runScanner } from '../scan/run-scanner.js';

/** The effects `run` needs beyond the runner's I/O: the step's clients, which tests replace. */
export interface Deps {
  now: () => Date;
  platform: NodeJS.Platform;
  arch: string;
  installScanner: typeof installScanner;
  runScanner: typeof runScanner;
  upsertPrComment: typeof upsertPrComment;
  callerAccountId: (region: string, proxy?: string) => Promise<string>;
  importToSecurityHub: (
    findings: Iterable<AsffFinding>,
    region: string,
    proxy?: string,
  ) => ReturnType<typeof importFindings>;
}

/** The step as the gate's modules see it. */
export type GateStep = Step<Config, Deps>;

/**
 * The real effects. The installer (with its proxy agents), the PR comment and the AWS SDK are loaded on first use with
 * `import()`, which ncc turns into chunks of their own: a run that gates a results file does not load them.
 */
export function defaultDeps(config: Config, io: RunnerIO): Deps {
  const clientOptions = (region: string, proxy: string | undefined) => ({
    region,
    ...(proxy ? { proxy } : {}),
    requestTimeoutMs: config.requestTimeoutMs,
    log: (line: string) => io.log.debug(line),
  });
  return {
    now: () => new Date(),
    platform: process.platform,
    arch: process.arch,
    installScanner: async (request) => (await import('../install/install-scanner.js')).installScanner(request),
    runScanner: async (command, options) => (await import('../scan/run-scanner.js')).runScanner(command, options),
    upsertPrComment: async (request) => (await import('../github/pr-comment.js')).upsertPrComment(request),
    async callerAccountId(region, proxy) {
      const { createRunnerStsClient, getCallerIdentity } = await import('@aws-delivery/aws');
      const client = createRunnerStsClient(clientOptions(region, proxy));
      try {
        return (await getCallerIdentity(client)).accountId;
      } finally {
        client.destroy();
      }
    },
    async importToSecurityHub(findings, region, proxy) {
      const [{ awsClientConfig }, { SecurityHubClient }, { importFindings }] = await Promise.all([
        import('@aws-delivery/aws'),
        import('@aws-sdk/client-securityhub'),
        import('../aws/security-hub-import.js'),
      ]);
      const client = new SecurityHubClient(awsClientConfig(clientOptions(region, proxy)));
      try {
        return await importFindings(client, findings);
      } finally {
        client.destroy();
      }
    },
  };
}
