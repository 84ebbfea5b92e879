/**
 * Signs the step in to Grafana as the config says: a token input, a token read from Secrets Manager, or basic auth
 * (optionally turned into a fresh service account token). Every secret is masked before anything can print it.
 */
import type { Env, RunnerIO } from '@aws-delivery/action-kit';
import type { Clients } from '../clients.js';
import type { AuthSource } from '../config.js';
import { authorization, createGrafanaClient, type GrafanaClient } from '../grafana/client.js';
import { createAmgToken } from './amg.js';
import { readTokenSecret } from './secrets-manager.js';
import { createServiceAccountToken, tokenName, type CreatedToken } from './service-account-token.js';

export interface SignedIn {
  client: GrafanaClient;
  /** How: for the log. */
  method: string;
  /** The token made for this run (basic auth with create-token, or Amazon Managed Grafana). */
  created?: CreatedToken & { via: 'grafana' | 'amg' };
}

export async function signIn(
  io: Pick<RunnerIO, 'mask' | 'env'>,
  url: string,
  auth: AuthSource,
  clients: Clients,
  signal: AbortSignal,
  options: { createToken: boolean; env: Env },
): Promise<SignedIn> {
  if (auth.kind === 'token') {
    io.mask(auth.token);
    return {
      client: createGrafanaClient(url, authorization(auth), clients.grafanaHttp, signal),
      method: 'a service account token',
    };
  }
  if (auth.kind === 'secrets-manager') {
    const token = await readTokenSecret(clients.awsHttp(), auth, await clients.awsCredentials(), signal);
    io.mask(token);
    return {
      client: createGrafanaClient(url, authorization({ token }), clients.grafanaHttp, signal),
      method: `a token from Secrets Manager (${auth.secretId} in ${auth.region})`,
    };
  }
  if (auth.kind === 'amg') {
    const seconds = options.createToken ? auth.secondsToLive : 300;
    const created = await createAmgToken(
      clients.awsHttp(),
      auth.workspace,
      await clients.awsCredentials(),
      tokenName(options.env, clients.now()),
      seconds,
      signal,
    );
    io.mask(created.key);
    return {
      client: createGrafanaClient(url, authorization({ token: created.key }), clients.grafanaHttp, signal),
      method: `a new Amazon Managed Grafana token (workspace ${auth.workspace.workspaceId} in ${auth.workspace.region}, lives ${seconds} s)`,
      created: { ...created, via: 'amg' },
    };
  }
  io.mask(auth.password);
  const basic = createGrafanaClient(url, authorization(auth), clients.grafanaHttp, signal);
  if (!auth.createToken || !options.createToken) return { client: basic, method: `basic auth as ${auth.username}` };
  const created = await createServiceAccountToken(
    basic,
    tokenName(options.env, clients.now()),
    auth.createToken.secondsToLive,
  );
  io.mask(created.key);
  return {
    client: createGrafanaClient(url, authorization({ token: created.key }), clients.grafanaHttp, signal),
    method: `a new service account token (made with basic auth as ${auth.username}, lives ${auth.createToken.secondsToLive} s)`,
    created: { ...created, via: 'grafana' },
  };
}
