/**
 * The artifact store on S3: HeadObject and PutObject signed with packages/aws's SigV4 signer and sent on its
 * transport (proxy with NO_PROXY, CA bundle, timeouts, the retry policy), without the AWS SDK. Objects go to the
 * bucket's regional endpoint in the region's partition (virtual-hosted, see ./s3-location.ts), or path-style to a
 * custom endpoint (a VPC endpoint, a local emulator). Every object is written with server-side encryption:
 * SSE-S3 (AES256) or SSE-KMS with the given key.
 * API: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html, .../API_PutObject.html
 */
import {
  resolveTransportSettings,
  sendOnce,
  TransportRoutes,
  type AwsClientOptions,
  type HttpAnswer,
} from '@aws-delivery/aws';
import { signRequest } from '@aws-delivery/aws/signing';
import { withRetry } from '../aws-call.js';
import type { ArtifactStore } from './artifact-store.js';
import { checkBucketName, checkKey, s3ObjectUrl } from './s3-location.js';

export type ServerSideEncryption = { type: 'AES256' } | { type: 'aws:kms'; keyId?: string };

export interface S3ArtifactStoreOptions extends AwsClientOptions {
  bucket: string;
  encryption: ServerSideEncryption;
}

export interface S3ArtifactStore extends ArtifactStore {
  readonly bucket: string;
  /** The URL of an object as the store addresses it. */
  objectUrl(key: string): string;
  destroy(): void;
}

/** An S3 error answer: its code (`AccessDenied`, `NoSuchBucket`...), HTTP status and request id. */
export class S3Error extends Error {
  override readonly name = 'S3Error';
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  constructor(
    message: string,
    readonly code: string,
    status: number,
    requestId?: string,
  ) {
    super(message);
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
  }
}

const MAX_RESPONSE_BYTES = 1024 * 1024;
const USER_AGENT = 'aws-delivery-actions s3-artifacts';

function xmlField(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}

function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorOf(operation: string, key: string, answer: HttpAnswer): S3Error {
  const body = answer.body.toString('utf8');
  const code = xmlField(body, 'Code') ?? (answer.statusCode === 404 ? 'NotFound' : `HTTP${answer.statusCode}`);
  const message = xmlField(body, 'Message') ?? answer.statusText;
  return new S3Error(
    `S3 ${operation} of ${key} failed: ${code} (HTTP ${answer.statusCode})${message ? `: ${message}` : ''}`,
    code,
    answer.statusCode,
    header(answer, 'x-amz-request-id'),
  );
}

export function createS3ArtifactStore(options: S3ArtifactStoreOptions): S3ArtifactStore {
  const bucket = checkBucketName(options.bucket);
  const settings = resolveTransportSettings(options);
  const routes = new TransportRoutes(settings);
  const encryption = options.encryption;

  const objectUrl = (key: string): string => {
    checkKey(key);
    if (!settings.endpoint) return s3ObjectUrl(bucket, settings.region, key);
    return `${settings.endpoint.replace(/\/+$/, '')}/${bucket}/${key}`;
  };

  async function credentials() {
    const source = options.credentials;
    const resolved = typeof source === 'function' ? await source() : source;
    if (!resolved?.accessKeyId || !resolved.secretAccessKey) {
      throw new Error('Uploading to S3 needs AWS credentials, and the client has none.');
    }
    return resolved;
  }

  async function send(method: 'HEAD' | 'PUT', key: string, body?: Buffer, extra: Record<string, string> = {}) {
    const url = new URL(objectUrl(key));
    const headers: Record<string, string> = { host: url.host, 'user-agent': USER_AGENT, ...extra };
    if (body) headers['content-length'] = String(body.length);
    Object.assign(
      headers,
      signRequest({
        method,
        url,
        headers,
        ...(body ? { body } : {}),
        service: 's3',
        region: settings.region,
        credentials: await credentials(),
        contentSha256: true,
      }),
    );
    return sendOnce({ method, url, headers, ...(body ? { body } : {}) }, routes, {
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
  }

  const call = <T>(operation: string, attempt: () => Promise<T>) => withRetry(settings, `s3:${operation}`, attempt);

  return {
    bucket,
    objectUrl,
    has: (key) =>
      call('HeadObject', async () => {
        const answer = await send('HEAD', key);
        if (answer.statusCode >= 200 && answer.statusCode < 300) return true;
        if (answer.statusCode === 404) return false;
        // Without s3:ListBucket, S3 answers 403 for a missing object too: cannot tell, so the object is put.
        if (answer.statusCode === 403) return undefined;
        throw errorOf('HeadObject', key, answer);
      }),
    put: (artifact) =>
      call('PutObject', async () => {
        const sse: Record<string, string> = { 'x-amz-server-side-encryption': encryption.type };
        if (encryption.type === 'aws:kms' && encryption.keyId) {
          sse['x-amz-server-side-encryption-aws-kms-key-id'] = encryption.keyId;
        }
        const answer = await send('PUT', artifact.key, artifact.body, { 'content-type': artifact.contentType, ...sse });
        if (answer.statusCode < 200 || answer.statusCode > 299) throw errorOf('PutObject', artifact.key, answer);
      }),
    destroy: () => routes.destroy(),
  };
}
