import { partitionEcrRegistryHost, partitionServiceHost, partitionStsHost } from './partitions.js';
import { partitionOfRegion } from './regions.js';
import { validateAccountId } from './account-id.js';

/** The regional host of a service in the region's partition: `serviceHost('eks', 'cn-north-1')` → eks.cn-north-1.amazonaws.com.cn. */
export function serviceHost(service: string, region: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(service)) throw new Error(`Invalid AWS service name "${service}"`);
  return partitionServiceHost(partitionOfRegion(region), service, region);
}

/** The regional STS host of the region's partition. */
export function stsHost(region: string): string {
  return partitionStsHost(partitionOfRegion(region), region);
}

/** `https://` + the regional STS host: the endpoint an STS client for this region talks to. */
export function stsEndpoint(region: string): string {
  return `https://${stsHost(region)}`;
}

/** The ECR registry host of an account in a region: `123456789012.dkr.ecr.us-gov-west-1.amazonaws.com`. */
export function ecrRegistryHost(accountId: string, region: string): string {
  return partitionEcrRegistryHost(partitionOfRegion(region), validateAccountId(accountId, 'account id'), region);
}

/** The GitHub OIDC audience STS expects in the region's partition. */
export function oidcAudience(region: string): string {
  return partitionOfRegion(region).oidcAudience;
}
