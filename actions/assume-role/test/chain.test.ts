import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { planChain } from '../src/chain.js';

const base = { sessionName: 'GitHubActions', roleChain: [] as string[] };

describe('planChain', () => {
  it('expands a bare role name with the source account in the region partition', () => {
    expect(planChain({ ...base, roleToAssume: 'deploy', region: 'cn-north-1', sourceAccount: '111122223333' })).toEqual(
      [{ roleArn: 'arn:aws-cn:iam::111122223333:role/deploy', sessionName: 'GitHubActions' }],
    );
    expect(
      planChain({ ...base, roleToAssume: 'team/deploy', region: 'us-gov-west-1', sourceAccount: '111122223333' })[0]
        ?.roleArn,
    ).toBe('arn:aws-us-gov:iam::111122223333:role/team/deploy');
  });

  it('plans a three-hop chain with per-hop external ids and session names', () => {
    const hops = planChain({
      ...base,
      region: 'eu-west-1',
      roleToAssume: 'arn:aws:iam::111111111111:role/pipeline',
      externalId: 'first',
      roleChain: ['arn:aws:iam::222222222222:role/shared external-id=x1', 'deployer session-name=prod'],
    });
    expect(hops).toEqual([
      { roleArn: 'arn:aws:iam::111111111111:role/pipeline', sessionName: 'GitHubActions', externalId: 'first' },
      { roleArn: 'arn:aws:iam::222222222222:role/shared', sessionName: 'GitHubActions', externalId: 'x1' },
      // A bare name takes the previous hop's account.
      { roleArn: 'arn:aws:iam::222222222222:role/deployer', sessionName: 'prod' },
    ]);
  });

  it('refuses a hop into another partition, explaining that IAM cannot trust across partitions', () => {
    expect(() =>
      planChain({
        ...base,
        region: 'eu-west-1',
        roleToAssume: 'arn:aws:iam::111111111111:role/pipeline',
        roleChain: ['arn:aws-cn:iam::222222222222:role/china'],
      }),
    ).toThrow(/cannot cross partitions/);
    expect(() =>
      planChain({ ...base, region: 'cn-north-1', roleToAssume: 'arn:aws:iam::111111111111:role/x' }),
    ).toThrow(ConfigurationError);
  });

  it('rejects unknown per-hop options and a chain without a first role', () => {
    expect(() =>
      planChain({
        ...base,
        region: 'eu-west-1',
        roleToAssume: 'arn:aws:iam::111111111111:role/a',
        roleChain: ['b externalid=1'],
      }),
    ).toThrow(/has the option "externalid"/);
    expect(() => planChain({ ...base, region: 'eu-west-1', roleChain: ['arn:aws:iam::111111111111:role/a'] })).toThrow(
      /starts from role-to-assume/,
    );
  });

  it('needs an account to expand a bare name', () => {
    expect(() => planChain({ ...base, region: 'eu-west-1', roleToAssume: 'deploy' })).toThrow(ConfigurationError);
  });
});
