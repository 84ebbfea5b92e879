import { describe, expect, it } from '@jest/globals';
import type { StsQueryClient } from '@aws-delivery/aws';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { RefreshingToken } from '../src/oidc.js';
import { assumeRole, assumeWithWebIdentity } from '../src/sts.js';

const hop = { roleArn: 'arn:aws:iam::111122223333:role/deploy', sessionName: 's' };
const answer = {
  Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(0) },
  AssumedRoleUser: { Arn: 'arn:aws:sts::111122223333:assumed-role/deploy/s', AssumedRoleId: 'AROA:s' },
};
const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

/** A client whose calls answer from a script; records what each call was given, and with which call options. */
function scripted(outcomes: (Error | typeof answer)[]) {
  const calls: Record<string, unknown>[] = [];
  const callOptions: unknown[] = [];
  const next = async (input: Record<string, unknown>, options?: unknown) => {
    calls.push(input);
    callOptions.push(options);
    const outcome = outcomes.shift();
    if (!outcome) throw new Error('no more scripted answers');
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const client = {
    region: 'eu-west-1',
    assumeRole: next,
    assumeRoleWithWebIdentity: next,
  } as unknown as StsQueryClient;
  return { client, calls, callOptions };
}

const noWait = async () => undefined;

describe('assumeRole', () => {
  it('falls back to smaller tag sets when STS answers PackedPolicyTooLarge', async () => {
    const { client, calls, callOptions } = scripted([
      awsError('PackedPolicyTooLarge', 400),
      awsError('PackedPolicyTooLarge', 400),
      answer,
    ]);
    const source = { accessKeyId: 'AKIASOURCE', secretAccessKey: 'source-secret' };
    const levels = [
      [
        { Key: 'Repository', Value: 'org/app' },
        { Key: 'Workflow', Value: 'ci' },
      ],
      [{ Key: 'Repository', Value: 'org/app' }],
      [],
    ];
    const io = recordingRunner();
    const result = await assumeRole(client, source, hop, 3600, levels, ['Repository'], { managedArns: [] }, io.log);
    expect(result.identity.accountId).toBe('111122223333');
    // Every attempt on the run's one client, signed with the hop's source credentials.
    expect(callOptions).toEqual([{ credentials: source }, { credentials: source }, { credentials: source }]);
    expect(calls.map((c) => c.Tags)).toEqual([levels[0], levels[1], undefined]);
    expect(calls.map((c) => c.TransitiveTagKeys)).toEqual([['Repository'], ['Repository'], undefined]);
    // Each fallback is said as a warning on the step.
    const tooLarge = `AssumeRole of ${hop.roleArn}: the session tags and policies are too large for STS (PackedPolicyTooLarge); retrying with`;
    expect(io.recorded.log).toEqual([
      { level: 'warning', message: `${tooLarge} only Repository.` },
      { level: 'warning', message: `${tooLarge} no tags.` },
    ]);
  });

  it('explains AccessDenied on sts:TagSession and does not try again', async () => {
    const denied = awsError('AccessDenied', 403);
    denied.message = 'User is not authorized to perform: sts:TagSession';
    const { client, calls } = scripted([denied]);
    await expect(
      assumeRole(
        client,
        undefined,
        hop,
        3600,
        [[{ Key: 'Repository', Value: 'org/app' }], []],
        [],
        { managedArns: [] },
        recordingRunner().log,
      ),
    ).rejects.toMatchObject({ hint: expect.stringContaining('role-skip-session-tagging: true') });
    expect(calls).toHaveLength(1);
  });
});

describe('assumeWithWebIdentity', () => {
  it('retries throttling with a token that is fetched again once the old one could expire', async () => {
    let now = 1_000_000_000_000;
    let fetched = 0;
    const jwt = () =>
      `h.${Buffer.from(JSON.stringify({ n: ++fetched, exp: Math.floor(now / 1000) + 90 })).toString('base64url')}.s`;
    const token = new RefreshingToken(
      async () => jwt(),
      () => now,
    );
    const { client, calls, callOptions } = scripted([awsError('Throttling', 400), answer]);
    const sleep = async () => {
      now += 60_000; // the wait leaves the first token 30 s of life: under the margin
    };
    const io = recordingRunner();
    const result = await assumeWithWebIdentity(client, hop, token, 3600, { managedArns: [] }, 3, io.log, sleep);
    expect(result.credentials.accessKeyId).toBe('ASIA1');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.WebIdentityToken).not.toBe(calls[1]?.WebIdentityToken);
    // The client must not retry the call itself: its retries would resend a token that may have expired.
    expect(callOptions).toEqual([{ once: true }, { once: true }]);
    expect(fetched).toBe(2);
    expect(io.lines('info')).toEqual([
      expect.stringMatching(
        /^AssumeRoleWithWebIdentity: throttling error \(Throttling\), attempt 1 of 3; retrying in \d+ ms$/,
      ),
    ]);
  });

  it('does not retry a trust-policy mismatch, and shows the token claims', async () => {
    const claims = Buffer.from(
      JSON.stringify({ sub: 'repo:org/app:ref:refs/heads/dev', aud: 'sts.amazonaws.com' }),
    ).toString('base64url');
    const token = new RefreshingToken(async () => `h.${claims}.s`);
    const { client, calls } = scripted([awsError('AccessDenied', 403)]);
    await expect(
      assumeWithWebIdentity(client, hop, token, 3600, { managedArns: [] }, 4, recordingRunner().log, noWait),
    ).rejects.toMatchObject({ hint: expect.stringContaining('sub="repo:org/app:ref:refs/heads/dev"') });
    expect(calls).toHaveLength(1);
  });

  it('gives up after the configured attempts', async () => {
    const token = new RefreshingToken(async () => 'opaque');
    const { client, calls } = scripted([awsError('ServiceUnavailable', 503), awsError('ServiceUnavailable', 503)]);
    await expect(
      assumeWithWebIdentity(client, hop, token, 3600, { managedArns: [] }, 2, recordingRunner().log, noWait),
    ).rejects.toThrow(/ServiceUnavailable/);
    expect(calls).toHaveLength(2);
  });
});

describe('what STS answers is checked before it is used', () => {
  /** One AssumeRole hop whose STS answers `reply`. */
  function assumeAnswered(reply: typeof answer) {
    const { client } = scripted([reply]);
    const source = { accessKeyId: 'AKIASOURCE', secretAccessKey: 's' };
    return assumeRole(client, source, hop, 3600, [[]], [], { managedArns: [] }, recordingRunner().log);
  }

  const cases: [string, Partial<typeof answer.Credentials>, string][] = [
    [
      'a session token with a line break',
      { SessionToken: 'token\n[p2]\ncredential_process = sh -c x' },
      'SessionToken',
    ],
    ['a secret with a carriage return', { SecretAccessKey: 'secret\r::add-mask::x' }, 'SecretAccessKey'],
    ['a key id that is not letters and digits', { AccessKeyId: 'ASIA1 aws_secret' }, 'AccessKeyId'],
  ];
  it.each(cases)('refuses %s, naming the field and not the value', async (_what, credentials, field) => {
    const failure = await assumeAnswered({ ...answer, Credentials: { ...answer.Credentials, ...credentials } }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toContain(`the ${field} in STS's answer is not`);
    for (const value of Object.values(credentials)) expect(failure?.message).not.toContain(value);
  });

  it('refuses an assumed-role ARN that does not parse', async () => {
    await expect(
      assumeAnswered({ ...answer, AssumedRoleUser: { ...answer.AssumedRoleUser, Arn: 'role\n::error::x' } }),
    ).rejects.toThrow(/the AssumedRoleUser\.Arn in STS's answer is not an ARN/);
  });
});
