import type { Agent } from 'node:http';
import { ActionError } from './errors.js';
import { mask } from './mask.js';

export interface IdTokenOptions {
  /** An agent for the token service request: a proxy agent on runners behind a proxy. */
  agent?: Agent;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** How the token is registered as a secret; default the runner's add-mask command. */
  mask?: (secret: string) => void;
}

/**
 * The GitHub OIDC token for an audience, from the runner's token service (ACTIONS_ID_TOKEN_REQUEST_URL with the
 * bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN). The token is registered as a secret before it is returned.
 */
export async function getIdToken(audience: string, options: IdTokenOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const base = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!base || !bearer) {
    throw new ActionError(
      'The job cannot request a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set).',
      'give the job `permissions: id-token: write`.',
    );
  }
  const url = new URL(base);
  url.searchParams.set('audience', audience);
  // Loaded here, not at start-up: loading node:https costs most steps (and every post step) more than they do.
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
        ...(options.agent ? { agent: options.agent } : {}),
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(
              new ActionError(
                `The GitHub OIDC token service answered HTTP ${res.statusCode} for audience "${audience}".`,
                res.statusCode === 401 || res.statusCode === 403
                  ? 'check that the job has `permissions: id-token: write`.'
                  : 'retry the job; if it persists, check the runner can reach the token service (proxy?).',
              ),
            );
            return;
          }
          try {
            const value = (JSON.parse(body) as { value?: unknown }).value;
            if (typeof value !== 'string' || !value) throw new Error('no "value" in the answer');
            (options.mask ?? mask)(value);
            resolve(value);
          } catch (error) {
            reject(
              new ActionError(`The GitHub OIDC token service answered without a token: ${(error as Error).message}.`),
            );
          }
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer from the GitHub OIDC token service at ${url.host} in time`)),
    );
    req.on('error', (error) =>
      reject(new ActionError(`Requesting a GitHub OIDC token failed: ${error.message}.`, undefined, { cause: error })),
    );
    req.end();
  });
}
