import { ConfigurationError } from '@aws-delivery/action-kit';
import { parseArn, partitionOfRegion, roleArn } from '@aws-delivery/aws';
import { sanitizeSessionName } from './session.js';

/** One AssumeRole in a chain. */
export interface Hop {
  roleArn: string;
  externalId?: string;
  sessionName: string;
}

const OPTION = /^(external-id|session-name)=(.+)$/;

/**
 * One `role-chain` line: a role ARN or name, then optional `external-id=…` and `session-name=…`, separated by
 * spaces. A bare name is expanded with the account of the previous hop (or `defaultAccount`) in the region's
 * partition.
 */
export function parseChainLine(
  line: string,
  index: number,
  previousRoleArn: string | undefined,
  region: string,
  defaultSessionName: string,
): Hop {
  const [role = '', ...options] = line.trim().split(/\s+/);
  const inputName = `role-chain (line ${index + 1})`;
  refuseCrossPartition(role, region, inputName);
  const account = previousRoleArn ? parseArn(previousRoleArn).accountId : undefined;
  const hop: Hop = { roleArn: roleArn(account, role, region, inputName), sessionName: defaultSessionName };
  for (const option of options) {
    const match = OPTION.exec(option);
    if (!match) {
      throw new ConfigurationError(
        `Input "role-chain" line ${index + 1} has the option "${option.split('=')[0]}", but each line is a role ` +
          'followed only by external-id=<id> and session-name=<name>. Fix: e.g. ' +
          '"arn:aws:iam::111122223333:role/deploy external-id=abc session-name=prod-deploy".',
        'role-chain',
      );
    }
    if (match[1] === 'external-id') hop.externalId = match[2];
    else hop.sessionName = sanitizeSessionName(match[2] ?? '');
  }
  return hop;
}

/** IAM trust never crosses partitions: say so before the generic ARN/region mismatch does. */
function refuseCrossPartition(role: string, region: string, inputName: string): void {
  if (!role.startsWith('arn:')) return;
  const arn = parseArn(role, inputName);
  const partition = partitionOfRegion(region);
  if (arn.partition !== partition.id) {
    throw new ConfigurationError(
      `${inputName} "${role}" is in partition ${arn.partition}, but the chain runs in ${partition.id} (region ` +
        `${region}). A role chain cannot cross partitions: IAM in one partition cannot trust a principal of another. ` +
        `Fix: get credentials for ${arn.partition} in a separate assume-role step (its own region and keys, e.g. a ` +
        'China account with static keys stored as secrets) and start its chain there.',
      'role-chain',
    );
  }
}

/** The whole chain: `role-to-assume` first, then each `role-chain` line; every hop stays in the region's partition. */
export function planChain(options: {
  roleToAssume?: string;
  roleChain: string[];
  externalId?: string;
  sessionName: string;
  region: string;
  sourceAccount?: string;
}): Hop[] {
  const hops: Hop[] = [];
  if (options.roleToAssume) {
    refuseCrossPartition(options.roleToAssume, options.region, 'role-to-assume');
    hops.push({
      roleArn: roleArn(options.sourceAccount, options.roleToAssume, options.region, 'role-to-assume'),
      sessionName: options.sessionName,
      ...(options.externalId ? { externalId: options.externalId } : {}),
    });
  } else if (options.roleChain.length > 0) {
    throw new ConfigurationError(
      'Input "role-chain" is set but "role-to-assume" is empty: the chain starts from role-to-assume. ' +
        'Fix: set role-to-assume to the first role.',
      'role-chain',
    );
  }
  options.roleChain.forEach((line, index) => {
    hops.push(parseChainLine(line, index, hops.at(-1)?.roleArn, options.region, options.sessionName));
  });
  return hops;
}
