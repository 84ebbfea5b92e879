/**
 * Amazon Managed Grafana: a workspace service account token minted with the job's AWS credentials
 * (CreateWorkspaceServiceAccountToken, REST-JSON, SigV4 service `grafana`) and deleted in the post step
 * (DeleteWorkspaceServiceAccountToken). The region's partition decides the host (grafana.<region>.amazonaws.com).
 * https://docs.aws.amazon.com/grafana/latest/APIReference/API_CreateWorkspaceServiceAccountToken.html
 */
import { ActionError } from '@aws-delivery/action-kit';
import { partitionOfRegion, validateEndpoint, type HttpClient } from '@aws-delivery/aws';
import { signRequest, type SigningCredentials } from '@aws-delivery/aws/signing';
import { oneLine } from '../plan-report.js';
import type { CreatedToken } from './service-account-token.js';

export interface AmgWorkspace {
  workspaceId: string;
  serviceAccountId: string;
  region: string;
  endpoint?: string;
}

export function amgEndpoint(region: string, endpoint?: string): string {
  const base = endpoint
    ? validateEndpoint(endpoint, 'amg-endpoint')
    : `https://grafana.${region}.${partitionOfRegion(region).dnsSuffix}`;
  return base.replace(/\/+$/, '');
}

async function call(
  http: HttpClient,
  workspace: AmgWorkspace,
  credentials: SigningCredentials,
  method: 'POST' | 'DELETE',
  path: string,
  body: string | undefined,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const url = new URL(`${amgEndpoint(workspace.region, workspace.endpoint)}${path}`);
  const headers: Record<string, string> = {
    host: url.host,
    'user-agent': 'aws-delivery-actions grafana-provision',
    ...(body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
      : {}),
  };
  Object.assign(
    headers,
    signRequest({
      method,
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      service: 'grafana',
      region: workspace.region,
      credentials,
    }),
  );
  // A create is not sent again once it may have reached AWS: a second token would outlive the step.
  const answer = await http.send(
    { method, url, headers, ...(body !== undefined ? { body } : {}) },
    { idempotent: method !== 'POST', ...(signal ? { signal } : {}) },
  );
  const text = answer.body.toString('utf8');
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // judged below
  }
  if (answer.statusCode < 200 || answer.statusCode > 299) {
    const header = answer.headers['x-amzn-errortype'];
    const type = String((Array.isArray(header) ? header[0] : header) ?? '').split(':')[0] ?? '';
    const operation = method === 'POST' ? 'CreateWorkspaceServiceAccountToken' : 'DeleteWorkspaceServiceAccountToken';
    throw new ActionError(
      `Amazon Managed Grafana ${operation} for workspace ${workspace.workspaceId} in ${workspace.region} failed with ${answer.statusCode}${type ? ` ${type}` : ''}: ${oneLine(String(parsed.message ?? text)).slice(0, 300)}`,
      type === 'ResourceNotFoundException'
        ? 'Check amg-workspace-id, amg-service-account-id and aws-region.'
        : `The job's AWS credentials need grafana:${operation} on the workspace.`,
    );
  }
  return parsed;
}

export async function createAmgToken(
  http: HttpClient,
  workspace: AmgWorkspace,
  credentials: SigningCredentials,
  name: string,
  secondsToLive: number,
  signal?: AbortSignal,
): Promise<CreatedToken> {
  const answer = await call(
    http,
    workspace,
    credentials,
    'POST',
    `/workspaces/${encodeURIComponent(workspace.workspaceId)}/serviceaccounts/${encodeURIComponent(workspace.serviceAccountId)}/tokens`,
    JSON.stringify({ name, secondsToLive }),
    signal,
  );
  const token = (answer.serviceAccountToken ?? {}) as { id?: unknown; key?: unknown };
  if (typeof token.key !== 'string' || !token.key)
    throw new ActionError('Amazon Managed Grafana answered without a token key.', 'Run the step again.');
  return { serviceAccountId: Number(workspace.serviceAccountId), tokenId: Number(token.id), key: token.key };
}

export async function deleteAmgToken(
  http: HttpClient,
  workspace: AmgWorkspace,
  credentials: SigningCredentials,
  tokenId: number,
  signal?: AbortSignal,
): Promise<void> {
  await call(
    http,
    workspace,
    credentials,
    'DELETE',
    `/workspaces/${encodeURIComponent(workspace.workspaceId)}/serviceaccounts/${encodeURIComponent(workspace.serviceAccountId)}/tokens/${tokenId}`,
    undefined,
    signal,
  );
}
