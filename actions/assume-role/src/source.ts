import { ActionError, ConfigurationError, type RunnerInfo } from '@aws-delivery/action-kit';

export type CredentialSource = 'oidc' | 'web-identity-token-file' | 'static' | 'ambient';

export interface SourceChoice {
  source: CredentialSource;
  /** One sentence for the log: which source and why. */
  reason: string;
}

export interface SourceInputs {
  requested: CredentialSource | 'auto';
  roleToAssume?: string;
  webIdentityTokenFile?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** AWS_ACCESS_KEY_ID is already in the step's environment (a job `env:` from secrets, say). */
  environmentHasKeys?: boolean;
}

const PERMISSIONS_FIX =
  'add to the job (or workflow):\n  permissions:\n    id-token: write\n    contents: read\n' +
  'A job that calls a reusable workflow needs it in the caller too.';

/** Chooses where the first credentials come from, explicitly or by what is configured, and says why. Pure. */
export function chooseSource(inputs: SourceInputs, runner: RunnerInfo): SourceChoice {
  const hasStatic = Boolean(inputs.accessKeyId || inputs.secretAccessKey);
  if (hasStatic && !(inputs.accessKeyId && inputs.secretAccessKey)) {
    throw new ConfigurationError(
      `Input "${inputs.accessKeyId ? 'aws-secret-access-key' : 'aws-access-key-id'}" is empty while its pair is set. ` +
        'Fix: pass both aws-access-key-id and aws-secret-access-key (from secrets), or neither.',
      inputs.accessKeyId ? 'aws-secret-access-key' : 'aws-access-key-id',
    );
  }
  const choice = pick(inputs, runner, hasStatic);
  if ((choice.source === 'oidc' || choice.source === 'web-identity-token-file') && !inputs.roleToAssume) {
    throw new ConfigurationError(
      `Input "role-to-assume" is empty, but the ${choice.source} source only works with a role to assume. ` +
        'Fix: set role-to-assume to the ARN of the role whose trust policy allows this repository.',
      'role-to-assume',
    );
  }
  if (choice.source === 'oidc' && !runner.oidcAvailable) throw oidcUnavailable(runner);
  return choice;
}

function pick(inputs: SourceInputs, runner: RunnerInfo, hasStatic: boolean): SourceChoice {
  switch (inputs.requested) {
    case 'oidc':
      return { source: 'oidc', reason: 'credential-source is oidc: GitHub OIDC token → AssumeRoleWithWebIdentity.' };
    case 'web-identity-token-file':
      if (!inputs.webIdentityTokenFile) {
        throw new ConfigurationError(
          'Input "credential-source" is web-identity-token-file but "web-identity-token-file" is empty. ' +
            'Fix: set web-identity-token-file to the path of the token file.',
          'web-identity-token-file',
        );
      }
      return { source: 'web-identity-token-file', reason: 'credential-source is web-identity-token-file.' };
    case 'static':
      if (!hasStatic) {
        throw new ConfigurationError(
          'Input "credential-source" is static but aws-access-key-id and aws-secret-access-key are empty. ' +
            'Fix: pass them from secrets: aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}.',
          'aws-access-key-id',
        );
      }
      return { source: 'static', reason: 'credential-source is static: the given access keys.' };
    case 'ambient':
      return {
        source: 'ambient',
        reason: 'credential-source is ambient: the runner’s own credentials (env, profile, instance role).',
      };
    case 'auto':
      if (inputs.webIdentityTokenFile) {
        return { source: 'web-identity-token-file', reason: 'web-identity-token-file is set, so its token is used.' };
      }
      if (hasStatic)
        return { source: 'static', reason: 'aws-access-key-id is set, so the given access keys are used.' };
      if (inputs.roleToAssume && runner.oidcAvailable) {
        return { source: 'oidc', reason: 'the job may request an OIDC token and role-to-assume is set: GitHub OIDC.' };
      }
      if (inputs.environmentHasKeys) {
        return { source: 'ambient', reason: 'AWS_ACCESS_KEY_ID is set in the environment, so those keys are used.' };
      }
      if (inputs.roleToAssume && (runner.kind === 'github-hosted' || runner.kind === 'act'))
        throw oidcUnavailable(runner);
      return {
        source: 'ambient',
        reason: 'no keys, token file or OIDC permission: the runner’s own credentials (env, profile, instance role).',
      };
  }
}

function oidcUnavailable(runner: RunnerInfo): ActionError {
  if (runner.kind === 'act') {
    return new ActionError(
      'GitHub OIDC is not available under act (it has no token service).',
      'for local runs pass static keys as secrets: act -s AWS_ACCESS_KEY_ID -s AWS_SECRET_ACCESS_KEY, with ' +
        'aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }} and aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}.',
    );
  }
  return new ActionError(
    'This job cannot request a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set, which means the job lacks the ' +
      'id-token: write permission.',
    PERMISSIONS_FIX,
  );
}
