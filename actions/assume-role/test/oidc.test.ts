import { describe, expect, it } from '@jest/globals';
import { decodeClaims, RefreshingToken } from '../src/oidc.js';
import { explainHopFailure } from '../src/explain.js';

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

describe('RefreshingToken', () => {
  it('reuses a token with time left and fetches again when it could expire', async () => {
    let now = 1_000_000_000_000;
    let fetched = 0;
    const token = new RefreshingToken(
      async () => jwt({ n: ++fetched, exp: Math.floor(now / 1000) + 300 }),
      () => now,
    );
    const first = await token.current();
    expect(await token.current()).toBe(first);
    now += 250_000; // 50 s left, under the 60 s margin
    expect(await token.current()).not.toBe(first);
    expect(fetched).toBe(2);
  });

  it('fetches a token without exp every time', async () => {
    let fetched = 0;
    const token = new RefreshingToken(async () => `opaque-${++fetched}`);
    await token.current();
    await token.current();
    expect(fetched).toBe(2);
  });
});

describe('explainHopFailure', () => {
  const claims = decodeClaims(
    jwt({
      sub: 'repo:org/app:ref:refs/heads/feature',
      aud: 'sts.amazonaws.com',
      repository: 'org/app',
      ref: 'refs/heads/feature',
    }),
  );

  it('shows the token claims beside the role on a trust-policy mismatch', () => {
    const error = explainHopFailure(
      Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), { name: 'AccessDenied' }),
      { roleArn: 'arn:aws:iam::111122223333:role/deploy', webIdentity: true, tagged: false },
      claims,
    );
    expect(error.message).toContain('arn:aws:iam::111122223333:role/deploy');
    const hint = (error as { hint?: string }).hint ?? '';
    expect(hint).toContain('sub="repo:org/app:ref:refs/heads/feature"');
    expect(hint).toContain('aud="sts.amazonaws.com"');
    expect(hint).toContain('ref="refs/heads/feature"');
  });

  it('suggests role-skip-session-tagging when sts:TagSession is denied', () => {
    const error = explainHopFailure(
      Object.assign(new Error('User is not authorized to perform: sts:TagSession on resource'), {
        name: 'AccessDenied',
      }),
      { roleArn: 'arn:aws:iam::111122223333:role/deploy', webIdentity: false, tagged: true },
    );
    expect((error as { hint?: string }).hint).toContain('role-skip-session-tagging: true');
  });

  it('explains a plain AccessDenied on AssumeRole without mentioning tags', () => {
    const error = explainHopFailure(Object.assign(new Error('denied'), { name: 'AccessDenied' }), {
      roleArn: 'arn:aws:iam::111122223333:role/deploy',
      webIdentity: false,
      tagged: false,
    });
    expect((error as { hint?: string }).hint).toContain('trust policy names the caller');
  });
});
