import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithServices, startSilentServer, startSquid, type SquidService } from '@aws-delivery/testing';
import { upsertPrComment, type CommentRequest } from '../src/github/pr-comment.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

describe('the fake GitHub API behaves like GitHub', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub({ write: ['w'], read: ['r'] });
  });
  afterAll(() => github.stop());

  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${github.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('paginates comments with a Link header, oldest first', async () => {
    for (let i = 0; i < 3; i++)
      expect((await call('POST', '/repos/acme/infra/issues/5/comments', 'w', { body: `c${i}` })).status).toBe(201);
    const first = await call('GET', '/repos/acme/infra/issues/5/comments?per_page=2', 'r');
    expect(((await first.json()) as { body: string }[]).map((c) => c.body)).toEqual(['c0', 'c1']);
    expect(first.headers.get('link')).toContain('page=2>; rel="next"');
    const second = await call('GET', '/repos/acme/infra/issues/5/comments?per_page=2&page=2', 'r');
    expect(((await second.json()) as { body: string }[]).map((c) => c.body)).toEqual(['c2']);
    expect(second.headers.get('link')).toBeNull();
  });

  it('answers 403 "Resource not accessible by integration" to a read-only token, 401 to an unknown one', async () => {
    const denied = await call('POST', '/repos/acme/infra/issues/5/comments', 'r', { body: 'x' });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { message: string }).message).toBe('Resource not accessible by integration');
    expect((await call('GET', '/repos/acme/infra/issues/5/comments', 'nope')).status).toBe(401);
    expect((await call('PATCH', '/repos/acme/infra/issues/comments/999999', 'w', { body: 'x' })).status).toBe(404);
  });
});

describe('upsertPrComment', () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub({ write: ['write-token'], read: ['read-token'] });
  });
  afterAll(() => github.stop());

  const request = (overrides: Partial<CommentRequest> = {}): CommentRequest => ({
    token: 'write-token',
    apiUrl: github.url,
    pullRequest: { owner: 'acme', repo: 'infra', number: 42 },
    marker: '<!-- tfsec-gate:infra -->',
    body: '<!-- tfsec-gate:infra -->\nfirst',
    createIfMissing: true,
    requestTimeoutMs: 10_000,
    ...overrides,
  });

  it('creates the comment once, then updates it in place', async () => {
    // Someone else's comments come first, more than one page of them.
    for (let i = 0; i < 120; i++)
      github.comments.push({ id: i + 1, body: `chatter ${i}`, issue: 42, html_url: '', user: { login: 'dev' } });
    const created = await upsertPrComment(request());
    expect(created).toMatchObject({ action: 'created' });
    const updated = await upsertPrComment(request({ body: '<!-- tfsec-gate:infra -->\nsecond' }));
    expect(updated).toMatchObject({ action: 'updated', id: (created as { id: number }).id });
    const ours = github.comments.filter((c) => c.body.includes('<!-- tfsec-gate:infra -->'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('second');
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('keeps a second directory in its own comment', async () => {
    await upsertPrComment(request({ marker: '<!-- tfsec-gate:modules -->', body: '<!-- tfsec-gate:modules -->\nm' }));
    expect(github.comments.filter((c) => c.body.startsWith('<!-- tfsec-gate:')).length).toBe(2);
  });

  it('does not create a comment for a clean run, but updates an earlier one', async () => {
    const quiet = await upsertPrComment(
      request({ pullRequest: { owner: 'acme', repo: 'infra', number: 7 }, createIfMissing: false }),
    );
    expect(quiet).toEqual({ action: 'skipped', reason: 'nothing to report and no earlier comment' });
    const stillUpdates = await upsertPrComment(
      request({ createIfMissing: false, body: '<!-- tfsec-gate:infra -->\nclean now' }),
    );
    expect(stillUpdates.action).toBe('updated');
  });

  it('returns a 403 as denied instead of throwing', async () => {
    const outcome = await upsertPrComment(
      request({ token: 'read-token', pullRequest: { owner: 'acme', repo: 'infra', number: 9 } }),
    );
    expect(outcome).toMatchObject({ action: 'denied', status: 403 });
    expect((outcome as { message: string }).message).toContain('Resource not accessible by integration');
  });

  it('throws on other failures (bad credentials)', async () => {
    await expect(upsertPrComment(request({ token: 'nope' }))).rejects.toThrow('Bad credentials');
  });

  it('retries a list answered 502, but never repeats a POST whose 502 may follow a created comment', async () => {
    const pr = { owner: 'acme', repo: 'infra', number: 11 };
    const path = '/repos/acme/infra/issues/11/comments';
    github.failNext('GET', 502);
    github.failNext('POST', 502);
    await expect(upsertPrComment(request({ pullRequest: pr }))).rejects.toThrow(`POST ${path} with 502`);
    const to = (method: string) => github.requests.filter((r) => r.method === method && r.path === path);
    expect(to('GET')).toHaveLength(2);
    expect(to('POST')).toHaveLength(1);
    // The comment was made all the same; the next run finds and updates it rather than posting a second.
    expect(await upsertPrComment(request({ pullRequest: pr }))).toMatchObject({ action: 'updated' });
    expect(to('POST')).toHaveLength(1);
    expect(github.comments.filter((c) => c.issue === 11)).toHaveLength(1);
  });

  it('gives up on an API that accepts the connection and never answers after the request timeout', async () => {
    const silent = await startSilentServer();
    try {
      // One attempt, so that the connection count shows the timeout ended it (a GET is otherwise retried).
      const once = request({ apiUrl: silent.url, requestTimeoutMs: 1_000, maxAttempts: 1 });
      await expect(upsertPrComment(once)).rejects.toThrow(
        `No answer from 127.0.0.1:${silent.port} within the 1000 ms request timeout`,
      );
      expect(silent.connections()).toBe(1);
    } finally {
      await silent.close();
    }
  }, 30_000);

  describeWithServices(['squid'], 'through a real proxy (Squid) that demands basic auth', () => {
    let squid: SquidService;
    beforeAll(async () => {
      squid = await startSquid({ password: 'gh/proxy:p@ss' });
    }, 90_000);
    afterAll(() => squid?.stop());

    it('lists and posts through the proxy given as http-proxy', async () => {
      const lines: string[] = [];
      const pr = { owner: 'acme', repo: 'infra', number: 13 };
      const outcome = await upsertPrComment(
        request({ pullRequest: pr, proxy: squid.urlWithCredentials, log: (line) => lines.push(line) }),
      );
      expect(outcome).toMatchObject({ action: 'created' });
      const path = `${github.url}/repos/acme/infra/issues/13/comments`;
      const log = await squid.waitForAccessLog(`POST ${path}`);
      // Squid logs the URL without its query.
      expect(log).toContain(`GET ${path}?`);
      expect(lines).toContainEqual(expect.stringMatching(/^GitHub requests to 127\.0\.0\.1:\d+ go through proxy/));
      expect(lines.join('\n')).not.toContain('p@ss');
    });
  });
});
