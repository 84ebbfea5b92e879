/** Creates an S3 bucket on moto in a region (a LocationConstraint outside us-east-1), signed with the given keys. */
import { signRequest, type SigningCredentials } from '@aws-delivery/aws/signing';

export async function createMotoBucket(
  endpoint: string,
  bucket: string,
  region: string,
  credentials: SigningCredentials,
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
  const answer = await fetch(url, { method: 'PUT', headers, body });
  if (answer.status !== 200)
    throw new Error(`moto refused bucket ${bucket}: HTTP ${answer.status} ${await answer.text()}`);
}
