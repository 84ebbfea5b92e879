import { describe, expect, it } from '@jest/globals';
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import { explainAwsError, type AwsErrorContext } from '../src/errors/explain-aws-error.js';
import { AwsTransportError } from '../src/transport/transport-errors.js';

function awsError(name: string, message: string, status = 400, attempts = 1): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts } });
}

const ROLE = 'arn:aws-cn:iam::123456789012:role/Deployer';

describe('explainAwsError', () => {
  it.each([
    [
      'AccessDenied on sts:TagSession',
      awsError('AccessDenied', `User: x is not authorized to perform: sts:TagSession on resource: ${ROLE}`, 403),
      { operation: 'sts:AssumeRoleWithWebIdentity', roleArn: ROLE },
      /skip-session-tagging: true/,
    ],
    [
      'AccessDenied on AssumeRoleWithWebIdentity',
      awsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403),
      { operation: 'sts:AssumeRoleWithWebIdentity', roleArn: ROLE },
      /trust policy must allow sts:AssumeRoleWithWebIdentity .* `sub` and `aud`/,
    ],
    [
      'AccessDenied on AssumeRole',
      awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403),
      { operation: 'sts:AssumeRole', roleArn: ROLE },
      /trust policy must trust the current principal/,
    ],
    [
      'AccessDeniedException elsewhere',
      awsError('AccessDeniedException', 'no ecr:GetAuthorizationToken', 400),
      { operation: 'ecr:GetAuthorizationToken' },
      /not allowed ecr:GetAuthorizationToken/,
    ],
    [
      'ExpiredToken',
      awsError('ExpiredToken', 'The security token included in the request is expired'),
      { operation: 'sts:GetCallerIdentity' },
      /role-duration-seconds/,
    ],
    [
      'ExpiredTokenException',
      awsError('ExpiredTokenException', 'expired'),
      { operation: 'eks:DescribeCluster' },
      /expired before the call/,
    ],
    [
      'InvalidIdentityToken in aws-cn',
      awsError('InvalidIdentityToken', 'Incorrect token audience'),
      { operation: 'sts:AssumeRoleWithWebIdentity', region: 'cn-north-1', roleArn: ROLE },
      /:aud condition is "sts\.amazonaws\.com\.cn", .*:sub condition matches/,
    ],
    [
      'InvalidIdentityToken without a region',
      awsError('InvalidIdentityToken', 'Incorrect token audience'),
      { operation: 'sts:AssumeRoleWithWebIdentity' },
      /:aud condition is "sts\.amazonaws\.com" or "sts\.amazonaws\.com\.cn"/,
    ],
    [
      'RegionDisabledException',
      awsError('RegionDisabledException', 'STS is not activated in this region', 403),
      { operation: 'sts:AssumeRole', region: 'ap-east-1' },
      /STS is not active in ap-east-1/,
    ],
    [
      'InvalidClientTokenId',
      awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      { operation: 'sts:GetCallerIdentity' },
      /aws-cn and aws-us-gov keys only work in their own partition/,
    ],
    [
      'SignatureDoesNotMatch',
      awsError('SignatureDoesNotMatch', 'signature mismatch', 403),
      { operation: 'sts:GetCallerIdentity' },
      /secret access key does not match/,
    ],
    [
      'throttling that outlived the retries',
      awsError('Throttling', 'Rate exceeded', 400, 4),
      { operation: 'sts:AssumeRole' },
      /run fewer jobs in parallel/,
    ],
    [
      'a server error',
      awsError('InternalFailure', 'oops', 500, 4),
      { operation: 'sts:AssumeRole' },
      /usually temporary/,
    ],
    [
      'a raw network error',
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      { operation: 'sts:AssumeRole' },
      /HTTPS_PROXY/,
    ],
  ] as [string, Error, AwsErrorContext, RegExp][])('%s', (_what, error, context, hint) => {
    const explained = explainAwsError(error, context);
    expect(explained).toBeInstanceOf(ActionError);
    expect((explained as ActionError).hint).toMatch(hint);
    expect(explained.message).toContain(
      `${context.operation}${context.roleArn ? ` (role ${context.roleArn})` : ''} failed: `,
    );
    expect(explained.message).toContain(error.message);
    expect(explained.cause).toBe(error);
  });

  it('says which credential sources were tried and how to give the job credentials when none were found', () => {
    // The error the SDK's default chain throws when every provider came up empty (@smithy/property-provider's
    // CredentialsProviderError, with its message), before any request is sent.
    const none = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
      tryNextLink: false,
    });
    const explained = explainAwsError(none, { operation: 'eks:DescribeCluster (prod)', region: 'eu-west-1' });
    expect(explained.message).toBe(
      'eks:DescribeCluster (prod) failed: CredentialsProviderError: Could not load credentials from any providers',
    );
    const hint = (explained as ActionError).hint ?? '';
    expect(hint).toMatch(/^No AWS credentials were found\. Tried, in order: the step environment \(AWS_ACCESS_KEY_ID/);
    expect(hint).toContain('the instance role');
    expect(hint).toContain(
      'run the assume-role action in an earlier step of the job (with `permissions: id-token: write`',
    );
  });

  it('says how many attempts a retried error took', () => {
    expect(
      explainAwsError(awsError('Throttling', 'Rate exceeded', 400, 4), { operation: 'sts:AssumeRole' }).message,
    ).toBe('sts:AssumeRole failed: Throttling: Rate exceeded (AWS kept throttling after 4 attempts, last status 400).');
  });

  it('names the endpoint, the last status and the time spent waiting when retries ran out', () => {
    const error = Object.assign(awsError('InternalFailure', 'try later', 503, 5), {
      $metadata: { attempts: 5, httpStatusCode: 503, totalRetryDelay: 4250 },
    });
    const explained = explainAwsError(error, {
      operation: 'sts:AssumeRole',
      endpoint: 'https://sts.cn-north-1.amazonaws.com.cn',
    }) as ActionError;
    expect(explained.message).toBe(
      'sts:AssumeRole failed: InternalFailure: try later (AWS server error after 5 attempts, last status 503, ' +
        '4.3 s spent waiting between them, at https://sts.cn-north-1.amazonaws.com.cn).',
    );
    expect(explained.hint).toMatch(/usually temporary/);
  });

  it('leaves out a wait that rounds to 0.0 s (a few milliseconds between instant retries on a busy machine)', () => {
    const error = Object.assign(awsError('ServiceUnavailable', 'Try later', 503, 3), {
      $metadata: { attempts: 3, httpStatusCode: 503, totalRetryDelay: 49 },
    });
    expect(explainAwsError(error, { operation: 'sts:AssumeRole' }).message).toBe(
      'sts:AssumeRole failed: ServiceUnavailable: Try later (AWS server error after 3 attempts, last status 503).',
    );
  });

  it('keeps an unknown error as it is, without a made-up hint', () => {
    const explained = explainAwsError(awsError('MalformedPolicyDocument', 'bad policy'), {
      operation: 'sts:AssumeRole',
    });
    expect(explained.message).toBe('sts:AssumeRole failed: MalformedPolicyDocument: bad policy');
    expect((explained as ActionError).hint).toBeUndefined();
    expect(explainAwsError('boom', { operation: 'x:Y' }).message).toBe('x:Y failed: Error: boom');
  });

  it('passes configuration errors through and prefixes transport errors with the operation', () => {
    const configuration = new ConfigurationError('aws-region "x" is not an AWS region', 'aws-region');
    expect(explainAwsError(configuration, { operation: 'sts:AssumeRole' })).toBe(configuration);
    const transport = new AwsTransportError(
      'No answer from h:443 within 1 ms.',
      'Check.',
      'ETIMEDOUT',
      'h:443',
      'request-timeout',
    );
    const explained = explainAwsError(transport, { operation: 'sts:AssumeRole', roleArn: ROLE }) as ActionError;
    expect(explained.message).toBe(`sts:AssumeRole (role ${ROLE}) failed: No answer from h:443 within 1 ms.`);
    expect(explained.hint).toBe('Check.');
  });

  it('says how many attempts a transport error outlived', () => {
    const transport = Object.assign(
      new AwsTransportError('No answer from h:443 within 1 ms.', 'Check.', 'ETIMEDOUT', 'h:443', 'request-timeout'),
      { $metadata: { attempts: 4, totalRetryDelay: 900 } },
    );
    const explained = explainAwsError(transport, { operation: 's3:PutObject' }) as ActionError;
    expect(explained.message).toBe('s3:PutObject failed after 4 attempts: No answer from h:443 within 1 ms.');
  });

  it('says an answer the SDK could not read is not the service’s, without the body or the hidden field', () => {
    const garbage = Object.assign(
      new SyntaxError(
        `Unexpected token '<', "<<not-xml "... is not valid JSON\n  ${'Deserialization error'}: to see the raw response, inspect the hidden field {error}.$response on this object.`,
      ),
      { $metadata: { httpStatusCode: 200, attempts: 1 } },
    );
    const explained = explainAwsError(garbage, { operation: 'ecr:GetAuthorizationToken' }) as ActionError;
    expect(explained.message).toBe(
      'ecr:GetAuthorizationToken failed: the answer is not the document the service sends (last status 200).',
    );
    expect(explained.hint).toMatch(/^Something between this runner and AWS answered instead of the service/);
  });

  it('says an answer that broke off did so, with the attempts it outlived', () => {
    const cut = Object.assign(
      new Error(
        'AWS SDK error wrapper for Error: aborted\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $metadata: { attempts: 4, totalRetryDelay: 1200 } },
    );
    const explained = explainAwsError(cut, { operation: 'ecr:GetAuthorizationToken', endpoint: 'http://h:1' });
    expect(explained.message).toBe(
      'ecr:GetAuthorizationToken failed: the answer broke off before its end (after 4 attempts, 1.2 s spent waiting ' +
        'between them, at http://h:1).',
    );
  });

  it('prefers the AWS error code an error carries to its class name', () => {
    const error = Object.assign(new Error('Rate exceeded'), {
      name: 'CloudFormationError',
      code: 'Throttling',
      $metadata: { httpStatusCode: 400, attempts: 4 },
    });
    expect(explainAwsError(error, { operation: 'cloudformation:DescribeStacks' }).message).toBe(
      'cloudformation:DescribeStacks failed: Throttling: Rate exceeded (AWS kept throttling after 4 attempts, last status 400).',
    );
  });

  describe("assume-role's hints", () => {
    const role = 'arn:aws:iam::111122223333:role/deploy';
    const tokenClaims = {
      sub: 'repo:org/app:ref:refs/heads/feature',
      aud: 'sts.amazonaws.com',
      repository: 'org/app',
      ref: 'refs/heads/feature',
    };
    const hintOf = (error: Error, context: AwsErrorContext) => (explainAwsError(error, context) as ActionError).hint;

    it('shows the token claims beside the role on a trust-policy mismatch', () => {
      const denied = awsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
      const context = { operation: 'sts:AssumeRoleWithWebIdentity', roleArn: role, tokenClaims };
      const explained = explainAwsError(denied, context) as ActionError;
      expect(explained.message).toContain(role);
      expect(explained.hint).toContain('sub="repo:org/app:ref:refs/heads/feature"');
      expect(explained.hint).toContain('aud="sts.amazonaws.com"');
      expect(explained.hint).toContain('ref="refs/heads/feature"');
      expect(hintOf(awsError('InvalidIdentityToken', 'Incorrect token audience'), context)).toContain(
        'GitHub sent sub="repo:org/app:ref:refs/heads/feature"',
      );
      expect(hintOf(denied, { ...context, tokenClaims: {} })).toContain('GitHub sent no readable claims.');
    });

    it('suggests role-skip-session-tagging when sts:TagSession is denied, or a tagged call is denied over tags', () => {
      const tagSession = awsError('AccessDenied', 'User is not authorized to perform: sts:TagSession on resource', 403);
      expect(hintOf(tagSession, { operation: 'sts:AssumeRole', roleArn: role, tagged: true })).toContain(
        'role-skip-session-tagging: true',
      );
      const tagsDenied = awsError('AccessDenied', 'Access denied: a session tag key is not allowed', 403);
      expect(hintOf(tagsDenied, { operation: 'sts:AssumeRole', roleArn: role, tagged: true })).toContain(
        'role-skip-session-tagging: true',
      );
      expect(hintOf(tagsDenied, { operation: 'sts:AssumeRole', roleArn: role })).not.toContain('TagSession');
    });

    it('explains a plain AccessDenied on AssumeRole without mentioning tags', () => {
      const hint = hintOf(awsError('AccessDenied', 'denied', 403), { operation: 'sts:AssumeRole', roleArn: role });
      expect(hint).toContain('trust policy names the caller');
      expect(hint).toContain('role-external-id');
      expect(hint).not.toMatch(/tag/i);
    });

    it('explains a session longer than the role allows, and nothing else a ValidationError says', () => {
      const context = { operation: 'sts:AssumeRole', roleArn: role };
      const tooLong = awsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
      expect(hintOf(tooLong, context)).toContain("raise the role's MaxSessionDuration");
      expect(hintOf(awsError('ValidationError', '1 validation error detected: roleSessionName'), context)).toBe(
        undefined,
      );
    });

    it('says to refresh static session credentials when they expired', () => {
      expect(hintOf(awsError('ExpiredToken', 'expired'), { operation: 'sts:AssumeRole', roleArn: role })).toContain(
        'refresh the session token secret',
      );
    });
  });
});
