import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { awsClientConfig } from '@aws-delivery/aws';
import { toAsff, withFingerprints, type FindingDraft } from '@aws-delivery/findings';
import { describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { customProductArn } from '../src/aws/asff-context.js';
import { BATCH_SIZE, importFindings } from '../src/aws/security-hub-import.js';

const ACCOUNT = '123456789012';

function drafts(n: number): FindingDraft[] {
  return Array.from({ length: n }, (_, i) => ({
    ruleId: 'AWS-0086',
    ruleAliases: [],
    title: 'S3 Access block should block public ACL',
    message: `bucket ${i}`,
    severity: i % 2 ? 'high' : 'low',
    location: { file: 'main.tf', startLine: i + 1 },
    resource: `aws_s3_bucket.b${i}`,
    tool: { name: 'trivy' },
  }));
}

describe('customProductArn', () => {
  it.each([
    ['us-east-1', 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default'],
    ['cn-north-1', 'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default'],
    ['us-gov-west-1', 'arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default'],
  ])('in %s', (region, arn) => expect(customProductArn(ACCOUNT, region)).toBe(arn));
});

describeWithServices(['moto'], 'Security Hub BatchImportFindings against moto', () => {
  let moto: MotoService;
  let client: SecurityHubClient;
  /** The client's configuration and retry lines, which a step writes to its debug log. */
  const clientLog: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    client = new SecurityHubClient({
      ...awsClientConfig({ region: 'us-east-1', endpoint: moto.endpoint, log: (line) => clientLog.push(line) }),
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await client.send(new EnableSecurityHubCommand({}));
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  const asff = (n: number) =>
    toAsff(withFingerprints(drafts(n)), {
      productArn: customProductArn(ACCOUNT, 'us-east-1'),
      awsAccountId: ACCOUNT,
      generator: 'tfsec-gate',
      observedAt: '2026-01-01T00:00:00.000Z',
      region: 'us-east-1',
    });

  it('imports findings in batches of 100 and Security Hub stores them with their severity', async () => {
    expect(clientLog).toContain(`AWS requests to ${new URL(moto.endpoint).host} go direct.`);
    const findings = asff(BATCH_SIZE + 5);
    const result = await importFindings(client, findings);
    expect(result).toEqual({ imported: BATCH_SIZE + 5, failed: [] });
    const stored = await client.send(new GetFindingsCommand({ MaxResults: 100 }));
    const one = stored.Findings?.find((f) => f.Id === findings[1]!.Id);
    expect(one).toMatchObject({ Severity: { Label: 'HIGH', Normalized: 70 }, GeneratorId: 'tfsec-gate/AWS-0086' });
  });

  it('updates rather than duplicates on re-import (stable Ids)', async () => {
    const findings = asff(3);
    await importFindings(client, findings);
    await importFindings(client, findings);
    const stored = await client.send(new GetFindingsCommand({ MaxResults: 100 }));
    const ids = (stored.Findings ?? []).map((f) => f.Id);
    expect(ids.filter((id) => id === findings[0]!.Id)).toHaveLength(1);
  });

  it('returns the findings Security Hub rejects', async () => {
    const [bad] = asff(1);
    const result = await importFindings(client, [{ ...bad!, Resources: [] }]);
    expect(result.imported).toBe(0);
    expect(result.failed).toEqual([expect.objectContaining({ id: bad!.Id, code: 'InvalidInput' })]);
  });
});
