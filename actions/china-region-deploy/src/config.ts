/** The inputs and the runner's environment as one checked configuration. Pure: no call, no file read. */
import { ConfigurationError, type Env, type InputValues } from '@aws-delivery/action-kit';
import { checkArnPartition } from '@aws-delivery/aws/names';
import { FINDING_KINDS, type FindingKind, type LintPolicy, type PolicyAction } from './lint-policy.js';
import { checkBucketName, normaliseKeyPrefix } from './package/s3-location.js';
import type { ServerSideEncryption } from './package/s3-artifact-store.js';
import type { inputSpec } from './inputs.js';

type Inputs = InputValues<typeof inputSpec>;

export interface StaticKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Config {
  template: string;
  stackName: string;
  region: string;
  bucket: string;
  keyPrefix?: string;
  encryption: ServerSideEncryption;
  parameters: { key: string; value: string }[];
  tags: { key: string; value: string }[];
  capabilities: string[];
  roleArn?: string;
  notificationArns: string[];
  execute: boolean;
  noChangesOk: boolean;
  deleteRollbackComplete: boolean;
  lintPolicy: Partial<LintPolicy>;
  /** From the inputs; otherwise the step's environment (assume-role with aws-cn credentials). */
  keys?: StaticKeys;
  changeSetName: string;
  workspace: string;
  cloudFormationEndpoint?: string;
  s3Endpoint?: string;
  requestTimeoutMs: number;
}

/** `Key=Value` one a line (the value may hold commas and `=`); blank lines are skipped. */
export function parseKeyValueLines(text: string, inputName: string): { key: string; value: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      if (at <= 0)
        throw new ConfigurationError(
          `Input "${inputName}" has the line ${JSON.stringify(line)}, which is not Key=Value. Fix: write one Key=Value a line.`,
          inputName,
        );
      return { key: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
    });
}

function listOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function lintPolicyOf(text: string | undefined): Partial<LintPolicy> {
  const policy: Partial<Record<FindingKind, PolicyAction>> = {};
  for (const { key, value } of parseKeyValueLines(text ?? '', 'lint-policy')) {
    if (!FINDING_KINDS.includes(key as FindingKind))
      throw new ConfigurationError(
        `Input "lint-policy" names the finding kind ${JSON.stringify(key)}, which does not exist. Fix: use one of ${FINDING_KINDS.join(', ')}.`,
        'lint-policy',
      );
    if (value !== 'fail' && value !== 'warn' && value !== 'rewrite')
      throw new ConfigurationError(
        `Input "lint-policy" gives ${key} the action ${JSON.stringify(value)}. Fix: use fail, warn or rewrite.`,
        'lint-policy',
      );
    policy[key as FindingKind] = value;
  }
  return policy;
}

function required(value: string | undefined, name: string, what: string): string {
  if (!value) throw new ConfigurationError(`Input "${name}" is empty. Fix: set it to ${what}.`, name);
  return value;
}

function keysOf(inputs: Inputs): StaticKeys | undefined {
  const id = inputs['access-key-id'];
  const secret = inputs['secret-access-key'];
  if (!id && !secret) return undefined;
  if (!id || !secret)
    throw new ConfigurationError(
      'Inputs "access-key-id" and "secret-access-key" go together, and only one is set. Fix: set both, or neither to use the credentials assume-role exported.',
      id ? 'secret-access-key' : 'access-key-id',
    );
  return {
    accessKeyId: id,
    secretAccessKey: secret,
    ...(inputs['session-token'] ? { sessionToken: inputs['session-token'] } : {}),
  };
}

export function buildConfig(inputs: Inputs, env: Env): Config {
  const region = inputs.region;
  const roleArn = inputs['role-arn'] || undefined;
  // A service role of another partition would fail at CreateChangeSet: say so before anything is called.
  if (roleArn) checkArnPartition(roleArn, region, 'role-arn');
  const notificationArns = listOf(inputs['notification-arns']);
  for (const arn of notificationArns) checkArnPartition(arn, region, 'notification-arns');
  const bucket = required(inputs.bucket, 'bucket', `an S3 bucket in ${region} for the packaged artifacts`);
  checkBucketName(bucket);
  const kmsKeyId = inputs['kms-key-id'];
  if (kmsKeyId && kmsKeyId.startsWith('arn:')) checkArnPartition(kmsKeyId, region, 'kms-key-id');
  const encryption: ServerSideEncryption =
    inputs.sse === 'aws:kms' || kmsKeyId
      ? { type: 'aws:kms', ...(kmsKeyId ? { keyId: kmsKeyId } : {}) }
      : { type: 'AES256' };
  const keys = keysOf(inputs);
  const run = [env.GITHUB_RUN_ID || 'local', env.GITHUB_RUN_ATTEMPT || '1'].join('-');
  return {
    template: required(inputs.template, 'template', 'the path of the CloudFormation template in the repository'),
    stackName: required(inputs['stack-name'], 'stack-name', 'the name of the stack to deploy'),
    region,
    bucket,
    ...(inputs['key-prefix'] ? { keyPrefix: normaliseKeyPrefix(inputs['key-prefix']) } : {}),
    encryption,
    parameters: parseKeyValueLines(inputs.parameters ?? '', 'parameters'),
    tags: parseKeyValueLines(inputs.tags ?? '', 'tags'),
    capabilities: listOf(inputs.capabilities),
    ...(roleArn ? { roleArn } : {}),
    notificationArns,
    execute: inputs.execute,
    noChangesOk: inputs['no-changes-ok'],
    deleteRollbackComplete: inputs['delete-rollback-complete'],
    lintPolicy: lintPolicyOf(inputs['lint-policy']),
    ...(keys ? { keys } : {}),
    changeSetName: `china-region-deploy-${run}`,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    ...(inputs['cloudformation-endpoint'] ? { cloudFormationEndpoint: inputs['cloudformation-endpoint'] } : {}),
    ...(inputs['s3-endpoint'] ? { s3Endpoint: inputs['s3-endpoint'] } : {}),
    requestTimeoutMs: inputs['request-timeout-seconds'] * 1000,
  };
}
