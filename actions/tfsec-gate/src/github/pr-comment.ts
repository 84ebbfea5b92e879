import { ActionError, quote } from '@aws-delivery/action-kit';
import { createHttpClient } from '@aws-delivery/aws';
import type { PullRequestRef } from './pull-request.js';
import { GitHubApiError, gitHubRest, type GitHubRest } from './rest.js';

export type CommentOutcome =
  | { action: 'created' | 'updated'; id: number; url?: string }
  | { action: 'skipped'; reason: string }
  | { action: 'denied'; status: number; message: string };

export interface CommentRequest {
  token: string;
  apiUrl: string;
  pullRequest: PullRequestRef;
  marker: string;
  body: string;
  /** With no existing comment, create one only when there is something to say (a clean run stays silent). */
  createIfMissing: boolean;
  /** Each GitHub API request's limit, answer included (the `request-timeout-seconds` input). */
  requestTimeoutMs: number;
  /** The `http-proxy` input; otherwise HTTPS_PROXY / HTTP_PROXY with NO_PROXY. AWS_CA_BUNDLE adds trusted CAs. */
  proxy?: string;
  /** Attempts per request on 429, 5xx and network errors (default: the network layer's). */
  maxAttempts?: number;
  /** The step's debug log: routes and retries. */
  log?: (line: string) => void;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

const LIST_HINT = 'check GITHUB_API_URL: it should be the REST API (https://api.github.com, or https://HOST/api/v3).';

async function findOurs(github: GitHubRest, request: CommentRequest): Promise<number | undefined> {
  const { owner, repo, number } = request.pullRequest;
  let page: string | URL | undefined = `/repos/${owner}/${repo}/issues/${number}/comments?per_page=100`;
  while (page) {
    const answer = await github.send('GET', page);
    if (!Array.isArray(answer.data)) throw new ActionError(`GitHub answered the comment list with no list.`, LIST_HINT);
    const ours = (answer.data as IssueComment[]).find((comment) => comment.body?.includes(request.marker));
    if (ours) return ours.id;
    page = answer.next;
  }
  return undefined;
}

/** What a created or updated comment's answer says of it. */
function written(action: 'created' | 'updated', data: unknown): CommentOutcome {
  const { id, html_url: url } = data as IssueComment;
  return { action, id, ...(url ? { url } : {}) };
}

async function upsert(github: GitHubRest, request: CommentRequest): Promise<CommentOutcome> {
  const { owner, repo, number } = request.pullRequest;
  const body = { body: request.body };
  const existing = await findOurs(github, request);
  if (existing !== undefined) {
    const { data } = await github.send('PATCH', `/repos/${owner}/${repo}/issues/comments/${existing}`, body);
    return written('updated', data);
  }
  if (!request.createIfMissing) return { action: 'skipped', reason: 'nothing to report and no earlier comment' };
  // A repeat after a lost answer would post a second comment: sent again only if it cannot have arrived.
  const { data } = await github.send('POST', `/repos/${owner}/${repo}/issues/${number}/comments`, body, {
    idempotent: false,
  });
  return written('created', data);
}

/**
 * One comment per pull request and scanned directory, updated in place: find the one holding our marker and edit
 * it, else create it. A missing permission (403, or 404 for a token that cannot see the repository) is returned,
 * not thrown: the caller downgrades it to a warning so the gate's verdict stands on its own.
 */
export async function upsertPrComment(request: CommentRequest): Promise<CommentOutcome> {
  const http = createHttpClient({
    label: 'GitHub',
    ...(request.proxy ? { proxy: request.proxy } : {}),
    requestTimeoutMs: request.requestTimeoutMs,
    ...(request.maxAttempts ? { retry: { maxAttempts: request.maxAttempts } } : {}),
    log: request.log ?? (() => undefined),
  });
  try {
    return await upsert(gitHubRest(request.apiUrl, request.token, http), request);
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
      const said = error.serverMessage ? `: ${quote(error.serverMessage)}` : '';
      return { action: 'denied', status: error.status, message: `${error.call}${said}` };
    }
    throw error;
  } finally {
    http.destroy();
  }
}
