/** A minimal signed FIS REST-JSON client for the fake's tests: fetch plus @aws-delivery/aws's SigV4 signer. */
import { signRequest } from '@aws-delivery/aws/signing';
import type { SigningCredentials } from '@aws-delivery/aws/signing';

export interface FisAnswer {
  status: number;
  errorType: string | undefined;
  body: Record<string, unknown> & { message?: string };
}

export const CREDENTIALS: SigningCredentials = {
  accessKeyId: 'AKIAFAKEFIS000000001',
  secretAccessKey: 'fake-fis-secret-key-for-tests-only-0001',
};

export interface CallOptions {
  credentials?: SigningCredentials;
  region?: string;
  service?: string;
  /** Extra headers, added after signing (to tamper with a request). */
  after?: Record<string, string>;
  now?: Date;
  unsigned?: boolean;
}

export async function fisCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<FisAnswer> {
  const url = new URL(path, baseUrl);
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  const signed = options.unsigned
    ? {}
    : signRequest({
        service: options.service ?? 'fis',
        region: options.region ?? 'us-east-1',
        credentials: options.credentials ?? CREDENTIALS,
        method,
        url,
        headers,
        body: text,
        ...(options.now ? { now: options.now } : {}),
      });
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...signed, ...options.after },
    ...(body === undefined ? {} : { body: text }),
  });
  const answer = (await response.json()) as FisAnswer['body'];
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype') ?? undefined, body: answer };
}

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/fis-experiments';

/** A template body: one action per entry of `actions` (name → duration, startAfter). */
export function templateBody(
  actions: Record<string, { duration?: string; startAfter?: string[] }>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    clientToken: `token-${Math.random().toString(36).slice(2)}`,
    description: 'test template',
    roleArn: ROLE_ARN,
    stopConditions: [{ source: 'none' }],
    targets: {
      web: {
        resourceType: 'aws:ec2:instance',
        resourceArns: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0'],
        selectionMode: 'ALL',
      },
    },
    actions: Object.fromEntries(
      Object.entries(actions).map(([name, { duration, startAfter }]) => [
        name,
        {
          actionId: duration ? 'aws:fis:wait' : 'aws:ec2:reboot-instances',
          ...(duration ? { parameters: { duration } } : { targets: { Instances: 'web' } }),
          ...(startAfter ? { startAfter } : {}),
        },
      ]),
    ),
    ...extra,
  };
}
