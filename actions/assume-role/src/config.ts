import { ConfigurationError, confinedPath, type Env, type InputValues } from '@aws-delivery/action-kit';
import {
  oidcAudience,
  partitionOfRegion,
  validateAccountId,
  validateRegion,
  type PartitionId,
} from '@aws-delivery/aws';
import type { inputSpec } from './inputs.js';
import type { SourceInputs } from './source.js';
import { sanitizeSessionName, sanitizeTagValue, type SessionTag } from './session.js';
import type { SessionPolicies } from './sts.js';

/** AWS caps a session obtained with role-session credentials (a chained hop) at one hour. */
export const CHAINED_SESSION_CAP_SECONDS = 3600;

export interface Config {
  region: string;
  partition: PartitionId;
  source: SourceInputs;
  staticCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  externalId?: string;
  roleChain: string[];
  sessionName: string;
  durationSeconds: number;
  tagging: boolean;
  customTags: SessionTag[];
  transitiveTagKeys: string[];
  policies: SessionPolicies;
  audience: string;
  allowedAccountIds: string[];
  exportEnv: boolean;
  profile?: string;
  profiles: Record<string, string>;
  refreshable: boolean;
  outputCredentials: boolean;
  maskAccountId: boolean;
  cleanup: boolean;
  client: {
    endpoint?: string;
    proxy?: string;
    caBundle?: string;
    requestTimeoutMs: number;
    maxAttempts: number;
    allowUnknownRegion: boolean;
  };
}

const PROFILE_NAME = /^[A-Za-z0-9_.-]+$/;

function checkProfileName(name: string, input: string): void {
  if (!PROFILE_NAME.test(name)) {
    throw new ConfigurationError(
      `Input "${input}" has the profile name "${name}", but profile names may only hold letters, digits and _.- ` +
        '(they become INI section names). Fix: rename the profile.',
      input,
    );
  }
  // The AWS SDK for JavaScript refuses to read a shared file holding this section (its guard against prototype
  // pollution): written, it would break every later step that reads the files, not only this profile.
  if (name === '__proto__') {
    throw new ConfigurationError(
      `Input "${input}" has the profile name "__proto__", which the AWS SDK for JavaScript refuses to read in a ` +
        'credentials or config file. Fix: rename the profile.',
      input,
    );
  }
}

const CREDENTIAL_INPUTS = ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'] as const;

/**
 * Static credentials go into HTTP headers and the job's credential files: an AWS key id, secret or session token is
 * printable ASCII without white space, so anything else is refused naming the input (never its value), before a
 * request fails on it with Node's own error.
 */
function checkCredentialInputs(values: InputValues<typeof inputSpec>): void {
  for (const input of CREDENTIAL_INPUTS) {
    if (/[^\x21-\x7e]/.test(values[input] ?? '')) {
      throw new ConfigurationError(
        `Input "${input}" holds white space, a line break or a character that is not ASCII, which no AWS ` +
          'credential has. Fix: set the secret again to the credential alone.',
        input,
      );
    }
  }
}

/** The token file, made absolute and kept in the workspace or RUNNER_TEMP unless the workflow allows otherwise. */
function tokenFile(values: InputValues<typeof inputSpec>, env: Env): string | undefined {
  const path = values['web-identity-token-file'];
  if (!path) return undefined;
  return confinedPath('web-identity-token-file', path, env, {
    outsideAllowedBy: { input: 'allow-paths-outside-workspace', allowed: values['allow-paths-outside-workspace'] },
  });
}

/** Turns the raw inputs into one checked configuration. Pure: no call is made before this succeeds. */
export function buildConfig(values: InputValues<typeof inputSpec>, env: Env = {}): Config {
  checkCredentialInputs(values);
  const webIdentityTokenFile = tokenFile(values, env);
  const region = validateRegion(values['aws-region'], 'aws-region', {
    allowUnknownRegion: values['allow-unknown-region'],
  });
  const partition = partitionOfRegion(region).id;
  const profiles = values.profiles;
  for (const name of Object.keys(profiles)) checkProfileName(name, 'profiles');
  if (values.profile) checkProfileName(values.profile, 'profile');
  if (values.refreshable && (values['role-chain'].length > 0 || Object.keys(profiles).length > 0)) {
    throw new ConfigurationError(
      'Input "refreshable" is true together with role-chain or profiles, but SDKs can only refresh a single ' +
        'AssumeRoleWithWebIdentity. Fix: drop role-chain/profiles, or set refreshable: false.',
      'refreshable',
    );
  }
  return {
    region,
    partition,
    source: {
      requested: values['credential-source'],
      ...(values['role-to-assume'] ? { roleToAssume: values['role-to-assume'] } : {}),
      ...(webIdentityTokenFile ? { webIdentityTokenFile } : {}),
      ...(values['aws-access-key-id'] ? { accessKeyId: values['aws-access-key-id'] } : {}),
      ...(values['aws-secret-access-key'] ? { secretAccessKey: values['aws-secret-access-key'] } : {}),
    },
    ...(values['aws-access-key-id'] && values['aws-secret-access-key']
      ? {
          staticCredentials: {
            accessKeyId: values['aws-access-key-id'],
            secretAccessKey: values['aws-secret-access-key'],
            ...(values['aws-session-token'] ? { sessionToken: values['aws-session-token'] } : {}),
          },
        }
      : {}),
    ...(values['role-external-id'] ? { externalId: values['role-external-id'] } : {}),
    roleChain: values['role-chain'],
    sessionName: sanitizeSessionName(values['role-session-name']),
    durationSeconds: values['role-duration-seconds'],
    tagging: !values['role-skip-session-tagging'],
    customTags: Object.entries(values['session-tags']).map(([Key, value]) => ({ Key, Value: sanitizeTagValue(value) })),
    transitiveTagKeys: values['transitive-tag-keys'],
    policies: {
      ...(values['inline-session-policy'] ? { inline: values['inline-session-policy'] } : {}),
      managedArns: values['managed-session-policies'],
    },
    audience: values.audience ?? oidcAudience(region),
    allowedAccountIds: values['allowed-account-ids'].map((id) => validateAccountId(id, 'allowed-account-ids')),
    exportEnv: values['export-env'],
    ...(values.profile ? { profile: values.profile } : {}),
    profiles,
    refreshable: values.refreshable,
    outputCredentials: values['output-credentials'],
    maskAccountId: values['mask-aws-account-id'],
    cleanup: values.cleanup,
    client: {
      ...(values['sts-endpoint'] ? { endpoint: values['sts-endpoint'] } : {}),
      ...(values['http-proxy'] ? { proxy: values['http-proxy'] } : {}),
      ...(values['ca-bundle'] ? { caBundle: values['ca-bundle'] } : {}),
      requestTimeoutMs: values['request-timeout-seconds'] * 1000,
      maxAttempts: values['retry-max-attempts'],
      allowUnknownRegion: values['allow-unknown-region'],
    },
  };
}

/** Refuses credentials of an account the workflow did not allow, before anything is exported. */
export function checkAllowedAccount(accountId: string, allowed: string[], what: string): void {
  if (allowed.length > 0 && !allowed.includes(accountId)) {
    throw new ConfigurationError(
      `${what} belongs to account ${accountId}, which is not in allowed-account-ids (${allowed.join(', ')}). ` +
        'Nothing was exported. Fix: assume a role in an allowed account, or add the account to allowed-account-ids.',
      'allowed-account-ids',
    );
  }
}
