import { describe, expect, it } from '@jest/globals';
import { RefreshingToken } from '../src/oidc.js';

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
