/**
 * The bootstrap path: signed in with basic auth, make a service account token with a bounded lifetime for this and
 * later steps. The account `grafana-provision` (role Admin) is reused when it exists; each run adds one token and
 * the post step deletes it unless keep-token is set.
 * https://grafana.com/docs/grafana/latest/developers/http_api/serviceaccount/
 */
import type { Json } from '../canonical-json.js';
import { KEYED_WRITE, type GrafanaClient } from '../grafana/client.js';

export const SERVICE_ACCOUNT_NAME = 'grafana-provision';

export interface CreatedToken {
  serviceAccountId: number;
  tokenId: number;
  key: string;
}

async function serviceAccountId(client: GrafanaClient): Promise<number> {
  const found = await client.get<{ serviceAccounts?: Json[] }>(
    `/api/serviceaccounts/search?query=${encodeURIComponent(SERVICE_ACCOUNT_NAME)}&perpage=100`,
  );
  const existing = (found.serviceAccounts ?? []).find((sa) => sa.name === SERVICE_ACCOUNT_NAME);
  if (existing && typeof existing.id === 'number') return existing.id;
  // Keyed by name: a repeat after a lost answer is refused as taken, never a second account.
  const created = await client.request<Json>(
    'POST',
    '/api/serviceaccounts',
    { name: SERVICE_ACCOUNT_NAME, role: 'Admin', isDisabled: false },
    KEYED_WRITE,
  );
  return Number(created.id);
}

/** The token's name: unique per run attempt, so a later run's post step never deletes another run's token. */
export function tokenName(env: Readonly<Record<string, string | undefined>>, now: Date): string {
  const run = env.GITHUB_RUN_ID ? `run-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` : 'local';
  return `grafana-provision-${run}-${now.getTime()}`;
}

export async function createServiceAccountToken(
  client: GrafanaClient,
  name: string,
  secondsToLive: number,
): Promise<CreatedToken> {
  const id = await serviceAccountId(client);
  // Not idempotent (the default for POST): a repeat after a lost answer would leave a token nobody deletes.
  const token = await client.request<Json>('POST', `/api/serviceaccounts/${id}/tokens`, { name, secondsToLive });
  return { serviceAccountId: id, tokenId: Number(token.id), key: String(token.key) };
}

export async function deleteServiceAccountToken(
  client: GrafanaClient,
  token: Pick<CreatedToken, 'serviceAccountId' | 'tokenId'>,
): Promise<void> {
  await client.request('DELETE', `/api/serviceaccounts/${token.serviceAccountId}/tokens/${token.tokenId}`);
}
