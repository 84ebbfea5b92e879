/**
 * A bucket in a region of a local S3 (moto), for tests, benchmarks and demos that upload to it: a signed CreateBucket with the
 * region as LocationConstraint (none in us-east-1, which refuses its own name there).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 */
import { signRequest } from '@aws-delivery/aws/signing';

export async function createS3Bucket(
  endpoint: string,
  bucket: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<void> {
  const url = new URL(`${endpoint}/${bucket}`);
  const body =
    region === 'us-east-1'
      ? ''
      : `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;
  const headers: Record<string, string> = { host: url.host };
  Object.assign(
    headers,
    signRequest({ method: 'PUT', url, headers, body, service: 's3', region, credentials, contentSha256: true }),
  );
  const response = await fetch(url, { method: 'PUT', headers, ...(body ? { body } : {}) });
  if (response.status !== 200) throw new Error(`CreateBucket ${bucket} in ${region}: HTTP ${response.status}`);
}
