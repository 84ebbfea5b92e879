/**
 * The Grafana token from AWS Secrets Manager: one GetSecretValue call, hand-signed with SigV4 (service
 * `secretsmanager`, the AWS JSON 1.1 protocol), sent on the repository's transport, so the bundle carries no AWS
 * SDK client. The region's partition decides the host (secretsmanager.<region>.amazonaws.com[.cn]).
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { ActionError } from '@aws-delivery/action-kit';
import { partitionOfRegion, validateEndpoint, type HttpClient } from '@aws-delivery/aws';
import { signRequest, type SigningCredentials } from '@aws-delivery/aws/signing';
import { oneLine } from '../plan-report.js';

export interface SecretSource {
  secretId: string;
  /** Take this key of a JSON secret instead of the whole string. */
  jsonKey?: string;
  region: string;
  endpoint?: string;
}

export function secretsManagerEndpoint(region: string, endpoint?: string): URL {
  const base = endpoint
    ? validateEndpoint(endpoint, 'secrets-manager-endpoint')
    : `https://secretsmanager.${region}.${partitionOfRegion(region).dnsSuffix}`;
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/`;
  return url;
}

/** The secret's value for the token: the whole SecretString, or one key of it as JSON. Pure. */
export function tokenFromSecretString(
  secretString: string,
  source: Pick<SecretSource, 'secretId' | 'jsonKey'>,
): string {
  if (!source.jsonKey) return secretString.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new ActionError(
      `Secret ${source.secretId} is not JSON, so it has no key "${source.jsonKey}".`,
      'Leave token-secret-key empty when the secret holds the token itself.',
    );
  }
  const value =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[source.jsonKey] : undefined;
  if (typeof value !== 'string' || !value) {
    throw new ActionError(
      `Secret ${source.secretId} has no string value under the key "${source.jsonKey}".`,
      'Set token-secret-key to the key that holds the Grafana token.',
    );
  }
  return value.trim();
}

export async function readTokenSecret(
  http: HttpClient,
  source: SecretSource,
  credentials: SigningCredentials,
  signal?: AbortSignal,
): Promise<string> {
  const url = secretsManagerEndpoint(source.region, source.endpoint);
  const body = JSON.stringify({ SecretId: source.secretId });
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'secretsmanager.GetSecretValue',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'aws-delivery-actions grafana-provision',
  };
  Object.assign(
    headers,
    signRequest({ method: 'POST', url, headers, body, service: 'secretsmanager', region: source.region, credentials }),
  );
  const answer = await http.send({ method: 'POST', url, headers, body }, signal ? { signal } : {});
  const text = answer.body.toString('utf8');
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // judged below
  }
  if (answer.statusCode !== 200) {
    const type =
      String(parsed.__type ?? parsed.code ?? '')
        .split('#')
        .pop() ?? '';
    const message = oneLine(String(parsed.message ?? parsed.Message ?? text)).slice(0, 300);
    throw new ActionError(
      `Secrets Manager GetSecretValue for ${source.secretId} in ${source.region} failed with ${answer.statusCode}${type ? ` ${type}` : ''}: ${message}`,
      type === 'ResourceNotFoundException'
        ? 'Check token-secret-id (a name or ARN) and aws-region: the secret must exist in that region and partition.'
        : "The job's AWS credentials need secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its key when it uses a customer managed key).",
    );
  }
  if (typeof parsed.SecretString !== 'string') {
    throw new ActionError(
      `Secret ${source.secretId} has no SecretString (a binary secret).`,
      'Store the Grafana token as a text secret, or as JSON with token-secret-key naming its key.',
    );
  }
  return tokenFromSecretString(parsed.SecretString, source);
}
