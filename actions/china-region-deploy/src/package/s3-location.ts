/**
 * Where an uploaded object is, in the forms a template takes: `s3://bucket/key`, and the https URL of the bucket's
 * regional endpoint in the region's own partition: `https://<bucket>.s3.<region>.<suffix>/<key>`, the
 * virtual-hosted form S3 documents for every partition (China: https://docs.amazonaws.cn/en_us/AmazonS3/latest/
 * userguide/VirtualHosting.html). A bucket name with a dot does not match the wildcard certificate of that host
 * (same page), so it gets the path style on the same regional host: `https://s3.<region>.<suffix>/<bucket>/<key>`.
 * Never the global `s3.amazonaws.com`, which has no China counterpart (aws-cli#3635, aws-cli#4074).
 */
import { partitionOfRegion } from '@aws-delivery/aws/names';

/** Object keys this action writes: a prefix of safe characters and content hashes, so no key needs encoding. */
const KEY_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function checkBucketName(bucket: string): string {
  if (!BUCKET_PATTERN.test(bucket) || bucket.includes('..')) {
    throw new RangeError(`"${bucket}" is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens).`);
  }
  return bucket;
}

/** A key prefix: empty, or safe path segments ending in `/` (added when missing). */
export function normaliseKeyPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (!KEY_PATTERN.test(trimmed) || trimmed.split('/').some((part) => part === '.' || part === '..')) {
    throw new RangeError(`The key prefix "${prefix}" may hold only letters, digits, ".", "_", "-" and "/" separators.`);
  }
  return `${trimmed}/`;
}

export function checkKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new RangeError(`"${key}" is not a key this packager writes.`);
  return key;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${checkBucketName(bucket)}/${checkKey(key)}`;
}

/** The https URL of an object on its bucket's regional endpoint, in the region's partition. */
export function s3ObjectUrl(bucket: string, region: string, key: string): string {
  const suffix = partitionOfRegion(region).dnsSuffix;
  checkBucketName(bucket);
  checkKey(key);
  return bucket.includes('.')
    ? `https://s3.${region}.${suffix}/${bucket}/${key}`
    : `https://${bucket}.s3.${region}.${suffix}/${key}`;
}
