import type { PartitionId } from '@aws-delivery/aws';

/** Where the image is pushed: an ECR registry (account + region) or any other registry host. */
export interface RegistryTarget {
  /** The line of the `registries` input it came from, for messages. */
  label: string;
  kind: 'ecr' | 'generic';
  /** The registry's own host: an ECR host derived from the partition table, `ghcr.io`, `127.0.0.1:5000`. */
  registryHost: string;
  /** Where docker actually pushes: the registry host, or the `endpoint=` override (VPC endpoint, mirror, local). */
  pushHost: string;
  /** Plain HTTP only for loopback hosts or an explicit http:// endpoint. */
  scheme: 'https' | 'http';
  repository: string;
  ecr?: EcrTarget;
  /** Credentials for a generic registry (or an ECR override that is not ECR): the password comes from a variable. */
  login?: { username: string; passwordEnv: string };
}

export interface EcrTarget {
  account: string;
  region: string;
  partition: PartitionId;
  /** ECR API endpoint override (VPC interface endpoint, FIPS endpoint, a local emulator). */
  apiEndpoint?: string;
  /** Named profile (from the assume-role action's job-private files) whose credentials reach this registry. */
  profile?: string;
}

/** `host/repository` as docker names it. */
export function targetImage(target: RegistryTarget): string {
  return `${target.pushHost}/${target.repository}`;
}

/** `host/repository@digest`: the reference by digest reported for each target. */
export function imageUriByDigest(target: RegistryTarget, digest: string): string {
  return `${target.registryHost}/${target.repository}@${digest}`;
}
