import { ConfigurationError, quote } from '@aws-delivery/action-kit';
import { isAccountId, validateAccountId } from './account-id.js';
import { closest } from './edit-distance.js';
import {
  arnPrefix,
  isPartitionId,
  PARTITION_IDS,
  partitionById,
  type Partition,
  type PartitionId,
} from './partitions.js';
import { partitionOfRegion } from './regions.js';

export interface Arn {
  partition: PartitionId;
  service: string;
  /** Empty for global resources (IAM). */
  region: string;
  /** Empty for resources without an account (S3 buckets); `aws` for AWS-managed IAM policies. */
  accountId: string;
  /** Everything after the fifth colon: `role/path/Name`, `repository/app`, `stack/name/id`... */
  resource: string;
}

const ARN_SHAPE = 'arn:<partition>:<service>:<region>:<account-id>:<resource>';

function invalid(inputName: string, value: string, rule: string): ConfigurationError {
  return new ConfigurationError(`${inputName} "${value}" is not a valid ARN: ${rule}.`, inputName);
}

/** Parses an ARN and checks its parts: known partition, service, region shape of that partition, 12-digit account. */
export function parseArn(value: string, inputName = 'arn'): Arn {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigurationError(
      `${inputName} ${quote(value)} is not a valid ARN: it holds a line break or control character.`,
      inputName,
    );
  }
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw invalid(inputName, value, `an ARN has the shape ${ARN_SHAPE}`);
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!isPartitionId(partition)) {
    const best = closest(partition, PARTITION_IDS);
    throw invalid(
      inputName,
      value,
      `partition "${partition}" is not one of ${PARTITION_IDS.join(', ')}` +
        (best ? ` (did you mean "${best.candidate}"?)` : ''),
    );
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(service))
    throw invalid(inputName, value, `service "${service}" is not a service name`);
  if (region && partitionOfRegionOrUndefined(region)?.id !== partition) {
    throw invalid(inputName, value, `region "${region}" is not a region of partition ${partition}`);
  }
  if (accountId && accountId !== 'aws' && !isAccountId(accountId)) {
    throw invalid(inputName, value, `account id "${accountId}" is not 12 digits`);
  }
  if (!resource) throw invalid(inputName, value, `the resource part after the account id is empty`);
  return { partition, service, region, accountId, resource };
}

function partitionOfRegionOrUndefined(region: string): Partition | undefined {
  try {
    return partitionOfRegion(region);
  } catch {
    return undefined;
  }
}

/** Builds an ARN; the account id, when given, must be 12 digits. */
export function buildArn(arn: Omit<Arn, 'partition'> & { partition: PartitionId | Partition }): string {
  const partition = typeof arn.partition === 'string' ? partitionById(arn.partition) : arn.partition;
  if (arn.accountId && arn.accountId !== 'aws') validateAccountId(arn.accountId, 'account id');
  return `${arnPrefix(partition)}${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}

/**
 * Parses an ARN and checks that it is in the partition of the region it will be used in. The message names both
 * partitions and the ARN as it would be in the region's partition.
 */
export function checkArnPartition(value: string, region: string, inputName = 'arn'): Arn {
  const arn = parseArn(value, inputName);
  const expected = partitionOfRegion(region);
  if (arn.partition !== expected.id) {
    const actual = partitionById(arn.partition);
    throw new ConfigurationError(
      `${inputName} "${value}" is in partition ${actual.id} (${actual.name}), but region "${region}" is in ` +
        `partition ${expected.id} (${expected.name}). An ARN must be in the partition of its region: use ` +
        `"${buildArn({ ...arn, partition: expected })}" (if that resource exists there), or a region of ${actual.id}.`,
      inputName,
    );
  }
  return arn;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH_SEGMENT = /^[\x21-\x2e\x30-\x7e]+$/;

function rolePath(nameOrPath: string, inputName: string): string {
  const trimmed = nameOrPath.replace(/^\/+/, '');
  const segments = trimmed.split('/');
  const name = segments.at(-1) ?? '';
  const rule =
    'a role is a full role ARN, a role name (letters, digits and +=,.@_-, up to 64 characters) or a path ' +
    'and name such as team/deploy/Deployer';
  if (!ROLE_NAME.test(name) || !segments.slice(0, -1).every((segment) => PATH_SEGMENT.test(segment))) {
    throw new ConfigurationError(`${inputName} "${nameOrPath}" is not a valid IAM role: ${rule}.`, inputName);
  }
  if (trimmed.length > 512 + 64) {
    throw new ConfigurationError(`${inputName} "${nameOrPath}" is longer than an IAM role path allows.`, inputName);
  }
  return trimmed;
}

function accountOf(accountOrArn: string | undefined, region: string, inputName: string): string {
  if (!accountOrArn) {
    throw new ConfigurationError(
      `${inputName} is a role name without an account: give a full role ARN, or the account id it lives in.`,
      inputName,
    );
  }
  if (accountOrArn.startsWith('arn:')) {
    const arn = checkArnPartition(accountOrArn, region, `account of ${inputName}`);
    return validateAccountId(arn.accountId, `account of ${inputName}`);
  }
  return validateAccountId(accountOrArn, `account of ${inputName}`);
}

/**
 * The full ARN of an IAM role in the region's partition. `nameOrPath` is a full role ARN (checked against the
 * region's partition), a bare role name (`Deployer`) or a path and name (`team/Deployer`); the latter two are
 * expanded with the account from `accountOrArn`: an account id, or any ARN of that account (the caller's identity).
 */
export function roleArn(
  accountOrArn: string | undefined,
  nameOrPath: string,
  region: string,
  inputName = 'role-to-assume',
): string {
  if (nameOrPath.startsWith('arn:')) {
    const arn = checkArnPartition(nameOrPath, region, inputName);
    if (arn.service !== 'iam' || !arn.resource.startsWith('role/') || !isAccountId(arn.accountId)) {
      throw new ConfigurationError(
        `${inputName} "${nameOrPath}" is not an IAM role ARN: a role ARN is ` +
          `${arnPrefix(arn.partition)}iam::<12-digit account id>:role/<optional path/>RoleName.`,
        inputName,
      );
    }
    rolePath(arn.resource.slice('role/'.length), inputName);
    return nameOrPath;
  }
  const path = rolePath(nameOrPath, inputName);
  const accountId = accountOf(accountOrArn, region, inputName);
  return buildArn({
    partition: partitionOfRegion(region),
    service: 'iam',
    region: '',
    accountId,
    resource: `role/${path}`,
  });
}
