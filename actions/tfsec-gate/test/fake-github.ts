import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the parts of the GitHub REST API the PR comment uses, following the documented behaviour:
 * - GET /repos/{owner}/{repo}/issues/{n}/comments: paginated (per_page, page, default 30, max 100) with a Link
 *   header carrying rel="next"/rel="last", oldest first.
 * - POST the same path: 201 with the comment (id, body, html_url, user).
 * - PATCH /repos/{owner}/{repo}/issues/comments/{id}: 200 with the updated comment; 404 for an unknown id.
 * - A token without write access gets 403 {"message":"Resource not accessible by integration"} on writes, as a
 *   GITHUB_TOKEN without `pull-requests: write` does; a missing or unknown token gets 401.
 * - `failNext(method, status)`: the next request of that method is carried out, then answered with a 5xx
 *   {"message":"Server Error"}, as GitHub's front end does when the backend answers too late.
 */
export interface FakeComment {
  id: number;
  body: string;
  issue: number;
  html_url: string;
  user: { login: string };
}

export interface FakeGitHub {
  url: string;
  comments: FakeComment[];
  requests: { method: string; path: string }[];
  failNext(method: string, status: number): void;
  stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString()));
    request.on('end', () => {
      try {
        resolve(data ? (JSON.parse(data) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error);
      }
    });
  });
}

export async function startFakeGitHub(
  tokens: { write: string[]; read: string[] },
  repo = 'acme/infra',
): Promise<FakeGitHub> {
  const comments: FakeComment[] = [];
  const requests: { method: string; path: string }[] = [];
  let nextId = 1000;
  let base = '';
  const failures = new Map<string, number>();
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const method = request.method ?? 'GET';
    requests.push({ method, path: url.pathname });
    const failure = failures.get(method);
    failures.delete(method);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (failure !== undefined) [status, body, headers] = [failure, { message: 'Server Error' }, {}];
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const token = (request.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
    const canWrite = tokens.write.includes(token);
    if (!canWrite && !tokens.read.includes(token)) return send(401, { message: 'Bad credentials' });
    const list = new RegExp(`^/repos/${repo}/issues/(\\d+)/comments$`).exec(url.pathname);
    const one = new RegExp(`^/repos/${repo}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (list && method === 'GET') {
      const issue = Number(list[1]);
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = comments.filter((c) => c.issue === issue);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const links: string[] = [];
      const link = (p: number) => `<${base}${url.pathname}?per_page=${perPage}&page=${p}>`;
      if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
      return send(200, all.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
    }
    if ((list && method === 'POST') || (one && method === 'PATCH')) {
      if (!canWrite) {
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        });
      }
      const body = await readBody(request);
      if (typeof body.body !== 'string') return send(422, { message: 'Validation Failed' });
      if (list) {
        const comment = {
          id: nextId++,
          body: body.body,
          issue: Number(list[1]),
          html_url: '',
          user: { login: 'github-actions[bot]' },
        };
        comment.html_url = `https://github.example/${repo}/pull/${comment.issue}#issuecomment-${comment.id}`;
        comments.push(comment);
        return send(201, comment);
      }
      const comment = comments.find((c) => c.id === Number(one![1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = body.body;
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    comments,
    requests,
    failNext: (method, status) => failures.set(method, status),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
