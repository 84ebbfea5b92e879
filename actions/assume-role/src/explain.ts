import { ActionError, table } from '@aws-delivery/action-kit';
import type { TokenClaims } from './oidc.js';

interface AwsErrorLike {
  name?: string;
  message?: string;
}

const CLAIMS: (keyof TokenClaims)[] = ['sub', 'aud', 'repository', 'ref', 'environment', 'job_workflow_ref'];

/** The token's claims beside the role, so a `sub` condition can be compared with what GitHub actually sent. */
export function claimsTable(roleArn: string, claims: TokenClaims | undefined): string {
  const rows: string[][] = [['role', roleArn]];
  for (const claim of CLAIMS) {
    const value = claims?.[claim];
    if (value !== undefined) rows.push([`token ${claim}`, Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  return table(['', 'value'], rows);
}

/** Turns an STS failure of one hop into an error that says what to change. Pure. */
export function explainHopFailure(
  error: unknown,
  hop: { roleArn: string; webIdentity: boolean; tagged: boolean },
  claims?: TokenClaims,
): Error {
  const { name = '', message = '' } = (error ?? {}) as AwsErrorLike;
  const where = `${hop.webIdentity ? 'AssumeRoleWithWebIdentity' : 'AssumeRole'} of ${hop.roleArn} failed: ${name}: ${message}`;
  if (
    hop.webIdentity &&
    (name === 'AccessDenied' || name === 'InvalidIdentityToken' || name === 'AccessDeniedException')
  ) {
    const seen = CLAIMS.filter((c) => claims?.[c] !== undefined)
      .map((c) => `${c}=${JSON.stringify(claims?.[c])}`)
      .join(', ');
    return new ActionError(
      where,
      `the role's trust policy does not match this token. GitHub sent ${seen || 'no readable claims'}. ` +
        'The trust policy needs Federated: the token.actions.githubusercontent.com OIDC provider of this account, ' +
        'Action sts:AssumeRoleWithWebIdentity, and conditions whose token.actions.githubusercontent.com:sub matches the ' +
        'sub above (e.g. repo:ORG/REPO:ref:refs/heads/main, or repo:ORG/REPO:environment:prod when the job has an ' +
        'environment) and whose :aud equals the aud above.',
      { cause: error },
    );
  }
  if (/TagSession/.test(message) || (hop.tagged && name === 'AccessDenied' && /tag/i.test(message))) {
    return new ActionError(
      where,
      'the role does not allow sts:TagSession for this caller. Either add sts:TagSession to the trust policy ' +
        'statement that allows sts:AssumeRole, or set role-skip-session-tagging: true.',
      { cause: error },
    );
  }
  if (name === 'AccessDenied') {
    return new ActionError(
      where,
      'the caller is not allowed to assume this role. Check that the trust policy names the caller ' +
        '(the previous hop’s role, or the user of the access keys), that the caller has sts:AssumeRole on the role ' +
        'ARN, and that role-external-id matches an sts:ExternalId condition.',
      { cause: error },
    );
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return new ActionError(where, 'the source credentials have expired: refresh the session token secret.', {
      cause: error,
    });
  }
  if (name === 'RegionDisabledException') {
    return new ActionError(
      where,
      'STS is not activated in this region for the account: activate it in IAM → Account settings, or use another region.',
      {
        cause: error,
      },
    );
  }
  if (name === 'ValidationError' && /DurationSeconds/i.test(message)) {
    return new ActionError(
      where,
      'role-duration-seconds is longer than the role’s maximum session duration; lower it or raise the role’s MaxSessionDuration. Chained sessions are capped at 3600 s.',
      { cause: error },
    );
  }
  return error instanceof Error ? error : new ActionError(where);
}
