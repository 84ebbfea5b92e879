import { describe, expect, it } from '@jest/globals';
import { arnPrefix, PARTITIONS, partitionById } from '../src/names/partitions.js';
import { ecrRegistryHost, oidcAudience, serviceHost, stsEndpoint, stsHost } from '../src/names/service-hosts.js';
import { KNOWN_REGIONS } from '../src/names/regions.js';

describe('partition table', () => {
  it.each([
    // partition, region, dns suffix, OIDC audience
    ['aws', 'us-east-1', 'amazonaws.com', 'sts.amazonaws.com'],
    ['aws-cn', 'cn-north-1', 'amazonaws.com.cn', 'sts.amazonaws.com.cn'],
    ['aws-us-gov', 'us-gov-west-1', 'amazonaws.com', 'sts.amazonaws.com'],
  ] as const)('%s: %s, suffix %s, audience %s', (id, region, suffix, audience) => {
    const partition = partitionById(id);
    expect(partition.dnsSuffix).toBe(suffix);
    expect(partition.oidcAudience).toBe(audience);
    expect(partition.regions).toContain(region);
    expect(oidcAudience(region)).toBe(audience);
    expect(arnPrefix(id)).toBe(`arn:${id}:`);
  });

  it('lists the China and GovCloud regions and the current commercial regions', () => {
    expect(partitionById('aws-cn').regions).toEqual(['cn-north-1', 'cn-northwest-1']);
    expect(partitionById('aws-us-gov').regions).toEqual(['us-gov-west-1', 'us-gov-east-1']);
    for (const region of ['us-east-1', 'eu-central-2', 'ap-southeast-7', 'mx-central-1', 'il-central-1', 'ca-west-1']) {
      expect(partitionById('aws').regions).toContain(region);
    }
  });

  it('puts every known region in exactly one partition, by list and by shape', () => {
    for (const region of KNOWN_REGIONS) {
      const byList = PARTITIONS.filter((partition) => partition.regions.includes(region));
      const byShape = PARTITIONS.filter((partition) => partition.regionPattern.test(region));
      expect([region, byList.map((p) => p.id)]).toEqual([region, byShape.map((p) => p.id)]);
      expect(byList).toHaveLength(1);
    }
    expect(new Set(KNOWN_REGIONS).size).toBe(KNOWN_REGIONS.length);
  });

  it.each([
    ['sts', 'us-east-1', 'sts.us-east-1.amazonaws.com'],
    ['sts', 'cn-northwest-1', 'sts.cn-northwest-1.amazonaws.com.cn'],
    ['sts', 'us-gov-east-1', 'sts.us-gov-east-1.amazonaws.com'],
    ['eks', 'cn-north-1', 'eks.cn-north-1.amazonaws.com.cn'],
    ['eks', 'us-gov-west-1', 'eks.us-gov-west-1.amazonaws.com'],
    ['cloudformation', 'eu-west-1', 'cloudformation.eu-west-1.amazonaws.com'],
  ])('serviceHost(%s, %s) = %s', (service, region, host) => {
    expect(serviceHost(service, region)).toBe(host);
  });

  it('builds STS hosts and endpoints per region, never the global endpoint', () => {
    expect(stsHost('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(stsEndpoint('us-gov-west-1')).toBe('https://sts.us-gov-west-1.amazonaws.com');
  });

  it.each([
    ['123456789012', 'us-east-1', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
    ['123456789012', 'cn-north-1', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn'],
    ['012345678901', 'us-gov-west-1', '012345678901.dkr.ecr.us-gov-west-1.amazonaws.com'],
  ])('ecrRegistryHost(%s, %s) = %s', (account, region, host) => {
    expect(ecrRegistryHost(account, region)).toBe(host);
  });

  it('refuses to build hosts from a bad account or service', () => {
    expect(() => ecrRegistryHost('12345', 'us-east-1')).toThrow(/12 digits/);
    expect(() => serviceHost('EKS/../x', 'us-east-1')).toThrow(/service name/);
    expect(() => serviceHost('eks', 'mars-1')).toThrow(/no AWS partition/);
  });
});
