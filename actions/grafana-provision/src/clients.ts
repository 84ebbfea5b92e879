/** What the step uses outside itself: HTTP to Grafana and to AWS (one transport), AWS credentials, files, clock. */
import type { RunnerIO } from '@aws-delivery/action-kit';
import { createHttpClient, runnerCredentials, type HttpClient } from '@aws-delivery/aws';
import type { SigningCredentials } from '@aws-delivery/aws/signing';
import type { Config } from './config.js';
import { readResourceFiles } from './resource-files.js';

export interface Clients {
  grafanaHttp: HttpClient;
  /** Made when first asked for (only Secrets Manager and Amazon Managed Grafana sign-in call AWS). */
  awsHttp: () => HttpClient;
  awsCredentials: () => Promise<SigningCredentials>;
  readResources: typeof readResourceFiles;
  now: () => Date;
  /** Closes kept-alive connections. */
  close(): void;
}

/** The job's AWS credentials: the step's environment (assume-role exports them), else the SDK's default chain. */
export async function credentialsFrom(env: RunnerIO['env']): Promise<SigningCredentials> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  const found = await runnerCredentials()();
  return {
    accessKeyId: found.accessKeyId,
    secretAccessKey: found.secretAccessKey,
    ...(found.sessionToken ? { sessionToken: found.sessionToken } : {}),
  };
}

export function realClients(config: Config, io: RunnerIO): Clients {
  const options = {
    ...(config.network.proxy ? { proxy: config.network.proxy } : {}),
    ...(config.network.noProxy ? { noProxy: config.network.noProxy } : {}),
    ...(config.network.caBundle ? { caBundle: config.network.caBundle } : {}),
    requestTimeoutMs: config.network.requestTimeoutMs,
    retry: { maxAttempts: config.network.maxAttempts },
    log: (line: string) => io.log.debug(line),
    env: io.env,
  };
  const grafanaHttp = createHttpClient({ ...options, label: 'Grafana' });
  let awsHttp: HttpClient | undefined;
  return {
    grafanaHttp,
    awsHttp: () => (awsHttp ??= createHttpClient({ ...options, label: 'AWS' })),
    awsCredentials: () => credentialsFrom(io.env),
    readResources: readResourceFiles,
    now: () => new Date(),
    close() {
      grafanaHttp.destroy();
      awsHttp?.destroy();
    },
  };
}
