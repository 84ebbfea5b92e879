/** The inputs and the runner's environment as one checked configuration. Pure: no call, no file read. */
import { ConfigurationError, confinedPath, type Env, type InputValues } from '@aws-delivery/action-kit';
import { checkArnPartition, partitionOfRegion, validateRegion } from '@aws-delivery/aws/names';
import type { SsmKeySource } from './credentials/ssm-keys.js';
import { FINDING_KINDS, type FindingKind, type LintPolicy, type PolicyAction } from './lint-policy.js';
import { checkBucketName, normaliseKeyPrefix } from './package/s3-location.js';
import type { ServerSideEncryption } from './package/s3-artifact-store.js';
import type { inputSpec } from './inputs.js';
import { changeSetName, type ChangeSetNameParts } from './deploy/change-set-name.js';

type Inputs = InputValues<typeof inputSpec>;

export interface StaticKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Config {
  /** The template's absolute path, inside the workspace or RUNNER_TEMP (checked with symbolic links followed). */
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
  /** true or false: set on the stack after the deploy; undefined: left as it is. */
  terminationProtection?: boolean;
  lintPolicy: Partial<LintPolicy>;
  /** From the inputs; otherwise the step's environment (assume-role with aws-cn credentials). */
  keys?: StaticKeys;
  /** The aws-cn keys kept in two SSM parameters of the global account, read with its credentials. */
  ssmKeys?: SsmKeySource;
  changeSetName: string;
  workspace: string;
  cloudFormationEndpoint?: string;
  s3Endpoint?: string;
  requestTimeoutMs: number;
  /** Proxy (with credentials: masked as read), NO_PROXY list and extra CA bundle file; otherwise the environment's. */
  network: { proxy?: string; noProxy?: string; caBundle?: string };
  /** How often and how long each wait (change set, stack operation) polls. */
  wait: WaitSettings;
  global?: GlobalSide;
}

/** The same packaged template deployed to a region of the global account too, with that account's credentials. */
export interface GlobalSide {
  region: string;
  bucket: string;
  stackName: string;
  changeSetName: string;
  encryption: ServerSideEncryption;
  roleArn?: string;
  notificationArns: string[];
  cloudFormationEndpoint?: string;
  s3Endpoint?: string;
}

export interface WaitSettings {
  pollIntervalMs: number;
  /** For each wait, not the whole step (action-timeout-seconds bounds that). */
  timeoutMs: number;
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

/** A pure check of s3-location.ts, its RangeError turned into an error that names the input. */
function checked<T>(inputName: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof RangeError)
      throw new ConfigurationError(`Input "${inputName}": ${error.message} Fix: correct ${inputName}.`, inputName);
    throw error;
  }
}

function required(value: string | undefined, name: string, what: string): string {
  if (!value) throw new ConfigurationError(`Input "${name}" is empty. Fix: set it to ${what}.`, name);
  return value;
}

/** What tells this step's change sets from every other step's in the run. */
function runOf(env: Env): Omit<ChangeSetNameParts, 'stackName' | 'region'> {
  return {
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
    ...(env.GITHUB_RUN_ATTEMPT ? { runAttempt: env.GITHUB_RUN_ATTEMPT } : {}),
    ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
    ...(env.GITHUB_ACTION ? { step: env.GITHUB_ACTION } : {}),
  };
}

function waitOf(inputs: Inputs): WaitSettings {
  const pollIntervalMs = inputs['poll-interval-seconds'] * 1000;
  const timeoutMs = inputs['wait-timeout-minutes'] * 60_000;
  if (pollIntervalMs >= timeoutMs)
    throw new ConfigurationError(
      `Input "poll-interval-seconds" is ${inputs['poll-interval-seconds']}, not shorter than wait-timeout-minutes (${inputs['wait-timeout-minutes']} min), so a wait would poll once. Fix: lower poll-interval-seconds or raise wait-timeout-minutes.`,
      'poll-interval-seconds',
    );
  return { pollIntervalMs, timeoutMs };
}

/** A region outside aws-cn, for the global account's calls; the message names the input. */
export function globalRegionOf(value: string, inputName: string): string {
  const region = validateRegion(value, inputName);
  if (partitionOfRegion(region).id === 'aws-cn')
    throw new ConfigurationError(
      `Input "${inputName}" is ${region}, a China region, but it is for the global account. Fix: set it to a region of the global account's partition, such as us-east-1.`,
      inputName,
    );
  return region;
}

function encryptionOf(
  sse: Inputs['sse'],
  kmsKeyId: string | undefined,
  region: string,
  inputName: string,
): ServerSideEncryption {
  if (kmsKeyId && kmsKeyId.startsWith('arn:')) checkArnPartition(kmsKeyId, region, inputName);
  return sse === 'aws:kms' || kmsKeyId
    ? { type: 'aws:kms', ...(kmsKeyId ? { keyId: kmsKeyId } : {}) }
    : { type: 'AES256' };
}

function globalSideOf(inputs: Inputs, env: Env, stackName: string, chinaKeysGiven: boolean): GlobalSide | undefined {
  const given = inputs['global-region'];
  if (!given) {
    const stray = (
      [
        'global-bucket',
        'global-stack-name',
        'global-kms-key-id',
        'global-role-arn',
        'global-notification-arns',
        'global-cloudformation-endpoint',
        'global-s3-endpoint',
      ] as const
    ).find((name) => inputs[name]);
    if (stray)
      throw new ConfigurationError(
        `Input "${stray}" is set but "global-region" is empty. Fix: set global-region to deploy to the global partition too, or leave ${stray} empty.`,
        stray,
      );
    return undefined;
  }
  const region = globalRegionOf(given, 'global-region');
  // The step environment signs the global side, so the aws-cn keys must come from elsewhere.
  if (!chinaKeysGiven)
    throw new ConfigurationError(
      'Input "global-region" is set, but the aws-cn credentials would come from the step environment, which then signs the global side too. Fix: give the aws-cn keys with access-key-id or the ssm-*-parameter inputs, and the global account\'s credentials in the step environment.',
      'global-region',
    );
  const bucket = required(
    inputs['global-bucket'],
    'global-bucket',
    `an S3 bucket in ${region} for the packaged artifacts`,
  );
  checked('global-bucket', () => checkBucketName(bucket));
  const roleArn = inputs['global-role-arn'] || undefined;
  if (roleArn) checkArnPartition(roleArn, region, 'global-role-arn');
  const notificationArns = listOf(inputs['global-notification-arns']);
  for (const arn of notificationArns) checkArnPartition(arn, region, 'global-notification-arns');
  const globalStack = inputs['global-stack-name'] || stackName;
  return {
    region,
    bucket,
    stackName: globalStack,
    changeSetName: changeSetName({ ...runOf(env), stackName: globalStack, region }),
    encryption: encryptionOf(inputs.sse, inputs['global-kms-key-id'], region, 'global-kms-key-id'),
    ...(roleArn ? { roleArn } : {}),
    notificationArns,
    ...(inputs['global-cloudformation-endpoint']
      ? { cloudFormationEndpoint: inputs['global-cloudformation-endpoint'] }
      : {}),
    ...(inputs['global-s3-endpoint'] ? { s3Endpoint: inputs['global-s3-endpoint'] } : {}),
  };
}

function ssmKeysOf(inputs: Inputs): SsmKeySource | undefined {
  const id = inputs['ssm-access-key-id-parameter'];
  const secret = inputs['ssm-secret-access-key-parameter'];
  if (!id && !secret) return undefined;
  if (!id || !secret)
    throw new ConfigurationError(
      'Inputs "ssm-access-key-id-parameter" and "ssm-secret-access-key-parameter" go together, and only one is set. Fix: name both SSM parameters, or neither.',
      id ? 'ssm-secret-access-key-parameter' : 'ssm-access-key-id-parameter',
    );
  if (inputs['access-key-id'])
    throw new ConfigurationError(
      'Inputs "access-key-id" and "ssm-access-key-id-parameter" both give the aws-cn keys. Fix: keep one of them.',
      'ssm-access-key-id-parameter',
    );
  return {
    accessKeyIdParameter: id,
    secretAccessKeyParameter: secret,
    region: globalRegionOf(inputs['ssm-region'], 'ssm-region'),
    ...(inputs['ssm-endpoint'] ? { endpoint: inputs['ssm-endpoint'] } : {}),
  };
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
  checked('bucket', () => checkBucketName(bucket));
  const encryption = encryptionOf(inputs.sse, inputs['kms-key-id'], region, 'kms-key-id');
  const keys = keysOf(inputs);
  const ssmKeys = ssmKeysOf(inputs);
  const template = required(inputs.template, 'template', 'the path of the CloudFormation template in the repository');
  const stackName = required(inputs['stack-name'], 'stack-name', 'the name of the stack to deploy');
  const global = globalSideOf(inputs, env, stackName, Boolean(keys ?? ssmKeys));
  return {
    template: confinedPath('template', template, env),
    stackName,
    region,
    bucket,
    ...(inputs['key-prefix']
      ? { keyPrefix: checked('key-prefix', () => normaliseKeyPrefix(inputs['key-prefix'] ?? '')) }
      : {}),
    encryption,
    parameters: parseKeyValueLines(inputs.parameters ?? '', 'parameters'),
    tags: parseKeyValueLines(inputs.tags ?? '', 'tags'),
    capabilities: listOf(inputs.capabilities),
    ...(roleArn ? { roleArn } : {}),
    notificationArns,
    execute: inputs.execute,
    noChangesOk: inputs['no-changes-ok'],
    deleteRollbackComplete: inputs['delete-rollback-complete'],
    ...(inputs['termination-protection'] !== undefined
      ? { terminationProtection: inputs['termination-protection'] }
      : {}),
    lintPolicy: lintPolicyOf(inputs['lint-policy']),
    ...(keys ? { keys } : {}),
    ...(ssmKeys ? { ssmKeys } : {}),
    changeSetName: changeSetName({ ...runOf(env), stackName, region }),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    ...(inputs['cloudformation-endpoint'] ? { cloudFormationEndpoint: inputs['cloudformation-endpoint'] } : {}),
    ...(inputs['s3-endpoint'] ? { s3Endpoint: inputs['s3-endpoint'] } : {}),
    requestTimeoutMs: inputs['request-timeout-seconds'] * 1000,
    network: {
      ...(inputs['http-proxy'] ? { proxy: inputs['http-proxy'] } : {}),
      ...(inputs['no-proxy'] ? { noProxy: inputs['no-proxy'] } : {}),
      ...(inputs['ca-bundle'] ? { caBundle: inputs['ca-bundle'] } : {}),
    },
    wait: waitOf(inputs),
    ...(global ? { global } : {}),
  };
}
