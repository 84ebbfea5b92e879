import { ActionError, type Log } from '@aws-delivery/action-kit';
import {
  backoffDelay,
  parseArn,
  classifyError,
  DEFAULT_RETRY_POLICY,
  explainAwsError,
  getCallerIdentity,
  type StsQueryClient,
} from '@aws-delivery/aws';
import type { AwsCredentials, Identity } from './credentials.js';
import type { Hop } from './chain.js';
import type { RefreshingToken } from './oidc.js';
import type { SessionTag } from './session.js';

interface StsCredentials {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

export interface SessionPolicies {
  inline?: Record<string, unknown>;
  managedArns: string[];
}

/**
 * What STS returns goes into environment variables and the job-private credentials file, so each value is checked
 * for its shape at the boundary: key ids are upper-case letters and digits, secrets and session tokens base64-like.
 * A line break or any other character there would add lines (profiles, `credential_process`) to the file.
 */
const CREDENTIAL_SHAPES = {
  AccessKeyId: /^[A-Z0-9]{1,128}$/,
  SecretAccessKey: /^[A-Za-z0-9+/=]+$/,
  SessionToken: /^[A-Za-z0-9+/=]+$/,
} as const;

function refusedAnswer(what: string, field: string, shape: string): ActionError {
  return new ActionError(
    `${what}: the ${field} in STS's answer is not ${shape}; it was not used or written anywhere.`,
    'An STS endpoint should never answer this way: check the sts endpoint and the proxy between the runner and AWS.',
  );
}

function toCredentials(c: StsCredentials | undefined, what: string): AwsCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`${what} returned no credentials`);
  for (const field of ['AccessKeyId', 'SecretAccessKey', 'SessionToken'] as const) {
    const value = c[field];
    if (value !== undefined && !CREDENTIAL_SHAPES[field].test(value))
      throw refusedAnswer(what, field, field === 'AccessKeyId' ? 'letters and digits' : 'base64 text');
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}

function policyParams(policies: SessionPolicies) {
  return {
    ...(policies.inline ? { Policy: JSON.stringify(policies.inline) } : {}),
    ...(policies.managedArns.length > 0 ? { PolicyArns: policies.managedArns.map((arn) => ({ arn })) } : {}),
  };
}

/** The assumed role's ARN, as STS returned it: it must parse as an ARN before it is logged or exported. */
function identityOf(arn: string | undefined, what: string): Identity {
  const value = arn ?? '';
  if (!value) return { arn: value, accountId: '' };
  try {
    return { arn: value, accountId: parseArn(value, 'AssumedRoleUser.Arn').accountId };
  } catch {
    throw refusedAnswer(what, 'AssumedRoleUser.Arn', 'an ARN');
  }
}

export interface HopResult {
  credentials: AwsCredentials;
  identity: Identity;
}

/**
 * AssumeRoleWithWebIdentity with its own retry loop, so that each attempt uses a token that cannot have expired
 * while earlier attempts waited. Only throttling, 5xx and network errors are retried.
 */
export async function assumeWithWebIdentity(
  sts: StsQueryClient,
  hop: Hop,
  token: RefreshingToken,
  durationSeconds: number,
  policies: SessionPolicies,
  maxAttempts: number,
  log: Pick<Log, 'info'>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<HopResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await sts.assumeRoleWithWebIdentity(
        {
          RoleArn: hop.roleArn,
          RoleSessionName: hop.sessionName,
          WebIdentityToken: await token.current(),
          DurationSeconds: durationSeconds,
          ...policyParams(policies),
        },
        { once: true },
      );
      return {
        credentials: toCredentials(response.Credentials, 'AssumeRoleWithWebIdentity'),
        identity: identityOf(response.AssumedRoleUser?.Arn, 'AssumeRoleWithWebIdentity'),
      };
    } catch (error) {
      const errorClass = classifyError(error);
      if (errorClass === 'fatal' || attempt >= maxAttempts) {
        const tokenClaims = token.claims();
        throw explainAwsError(error, {
          operation: 'sts:AssumeRoleWithWebIdentity',
          region: sts.region,
          endpoint: sts.endpoint,
          roleArn: hop.roleArn,
          ...(tokenClaims ? { tokenClaims } : {}),
        });
      }
      const delay = backoffDelay(attempt - 1, { ...DEFAULT_RETRY_POLICY, maxAttempts });
      log.info(
        `AssumeRoleWithWebIdentity: ${errorClass} error (${(error as Error).name}), attempt ${attempt} of ${maxAttempts}; retrying in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}

/**
 * AssumeRole signed with the source credentials (the client's own, the runner's, when there are none), with session
 * tags, trying smaller tag sets when STS says the packed tags are too large. The client retries throttling, 5xx and
 * network errors (the packages/aws retry policy).
 */
export async function assumeRole(
  sts: StsQueryClient,
  source: AwsCredentials | undefined,
  hop: Hop,
  durationSeconds: number,
  tagLevels: SessionTag[][],
  transitiveTagKeys: string[],
  policies: SessionPolicies,
  log: Pick<Log, 'warning'>,
): Promise<HopResult> {
  const levels = tagLevels.length > 0 ? tagLevels : [[]];
  for (let level = 0; ; level++) {
    const tags = levels[level] ?? [];
    const transitive = transitiveTagKeys.filter((key) => tags.some((tag) => tag.Key === key));
    try {
      const response = await sts.assumeRole(
        {
          RoleArn: hop.roleArn,
          RoleSessionName: hop.sessionName,
          DurationSeconds: durationSeconds,
          ...(hop.externalId ? { ExternalId: hop.externalId } : {}),
          ...(tags.length > 0 ? { Tags: tags } : {}),
          ...(transitive.length > 0 ? { TransitiveTagKeys: transitive } : {}),
          ...policyParams(policies),
        },
        source ? { credentials: source } : {},
      );
      return {
        credentials: toCredentials(response.Credentials, 'AssumeRole'),
        identity: identityOf(response.AssumedRoleUser?.Arn, 'AssumeRole'),
      };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'PackedPolicyTooLarge' && level + 1 < levels.length) {
        const next = levels[level + 1] ?? [];
        log.warning(
          `AssumeRole of ${hop.roleArn}: the session tags and policies are too large for STS (PackedPolicyTooLarge); ` +
            `retrying with ${next.length === 0 ? 'no tags' : `only ${next.map((t) => t.Key).join(', ')}`}.`,
        );
        continue;
      }
      throw explainAwsError(error, {
        operation: 'sts:AssumeRole',
        region: sts.region,
        endpoint: sts.endpoint,
        roleArn: hop.roleArn,
        tagged: tags.length > 0,
      });
    }
  }
}

/**
 * Who the given credentials belong to, or the runner's when none (used for static and ambient sources, and to expand
 * bare role names).
 */
export async function callerIdentity(sts: StsQueryClient, credentials?: AwsCredentials): Promise<Identity> {
  const { arn, accountId } = await getCallerIdentity(sts, credentials ? { credentials } : {});
  return { arn, accountId };
}
