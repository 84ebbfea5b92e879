/**
 * The few GitHub REST calls tfsec-gate makes, as plain JSON requests through the project's network layer
 * (createHttpClient): the same proxy, NO_PROXY, CA bundle, request timeout and retries as every other call.
 */
import { ActionError, quote } from '@aws-delivery/action-kit';
import { neverSent, type HttpClient } from '@aws-delivery/aws';

export interface GitHubAnswer {
  status: number;
  data: unknown;
  /** The next page's URL from the `Link` header, when there is one. */
  next?: URL;
}

/** A status GitHub answered that the caller did not expect; `message` is GitHub's own, unquoted. */
export class GitHubApiError extends ActionError {
  constructor(
    readonly call: string,
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super(
      `GitHub answered ${call} with ${status}${serverMessage ? `: ${quote(serverMessage)}` : ''}.`,
      status === 401
        ? 'check github-token: GitHub did not accept it.'
        : 'see GitHub’s message; retry later if it is a server error.',
    );
  }
}

/** The `rel="next"` target of a Link header (RFC 8288: `<url>; rel="next", <url>; rel="last"`), or undefined. */
export function nextLink(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  for (const [, target, params] of text.matchAll(/<([^>]*)>([^,]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(params ?? '')?.[1] ?? '';
    if (rel.toLowerCase().split(/\s+/).includes('next')) return target;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export interface GitHubRest {
  /** `path` is relative to the API URL (`/repos/…`), or a URL GitHub gave (a next page) on the same origin. */
  send(method: string, path: string | URL, body?: unknown, options?: { idempotent?: boolean }): Promise<GitHubAnswer>;
}

export function gitHubRest(apiUrl: string, token: string, http: HttpClient): GitHubRest {
  const base = new URL(apiUrl);
  const resolve = (path: string | URL): URL => {
    if (path instanceof URL) return path;
    return new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base);
  };
  return {
    async send(method, path, body, { idempotent = true } = {}) {
      const url = resolve(path);
      const call = `${method} ${url.pathname}`;
      // The token goes only to the API's own origin, whatever a Link header says.
      if (url.origin !== base.origin)
        throw new ActionError(`GitHub pointed ${call} at ${url.origin}.`, 'check GITHUB_API_URL.');
      const text = body === undefined ? undefined : JSON.stringify(body);
      const answer = await http
        .send(
          {
            method,
            url,
            headers: {
              host: url.host,
              accept: 'application/vnd.github+json',
              authorization: `Bearer ${token}`,
              'x-github-api-version': '2022-11-28',
              'user-agent': 'aws-delivery-actions/tfsec-gate',
              ...(text !== undefined
                ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }
                : {}),
            },
            ...(text !== undefined ? { body: text } : {}),
          },
          { idempotent },
        )
        .catch((error: unknown) => {
          const maybeDone = !idempotent && !neverSent(error);
          throw new ActionError(
            `GitHub ${call} failed: ${(error as Error).message}`,
            maybeDone
              ? 'it was not sent again, since GitHub may have carried it out; the next run updates that comment.'
              : 'check the network path to GitHub (HTTPS_PROXY, NO_PROXY, http-proxy, AWS_CA_BUNDLE).',
            { cause: error },
          );
        });
      const raw = answer.body.toString('utf8');
      const data = parseJson(raw);
      if (answer.statusCode < 200 || answer.statusCode > 299) {
        const message = (data as { message?: unknown } | undefined)?.message;
        throw new GitHubApiError(call, answer.statusCode, typeof message === 'string' ? message : '');
      }
      if (data === undefined && raw) {
        throw new ActionError(
          `GitHub answered ${call} with something that is not JSON.`,
          'check GITHUB_API_URL and the proxy: a login page or a proxy error page answered instead of GitHub.',
        );
      }
      const next = nextLink(answer.headers.link);
      return { status: answer.statusCode, data, ...(next ? { next: new URL(next, url) } : {}) };
    },
  };
}
