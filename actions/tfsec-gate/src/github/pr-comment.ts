import { getOctokit } from '@actions/github';
import type { PullRequestRef } from './pull-request.js';

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
}

/** `fetch` with a deadline per request, for Octokit's `request.fetch`; the caller's own signal still aborts it. */
function fetchWithin(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      if (!deadline.aborted) throw error;
      const url = new URL(input instanceof Request ? input.url : String(input));
      throw new Error(`No answer from ${url.host} within the ${timeoutMs} ms request timeout`, { cause: error });
    }
  };
}

type Octokit = ReturnType<typeof getOctokit>;

async function findOurs(octokit: Octokit, request: CommentRequest): Promise<number | undefined> {
  const { owner, repo, number } = request.pullRequest;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  return comments.find((comment) => comment.body?.includes(request.marker))?.id;
}

/**
 * One comment per pull request and scanned directory, updated in place: find the one holding our marker and edit
 * it, else create it. A missing permission (403, or 404 for a token that cannot see the repository) is returned,
 * not thrown: the caller downgrades it to a warning so the gate's verdict stands on its own.
 */
export async function upsertPrComment(request: CommentRequest): Promise<CommentOutcome> {
  const octokit = getOctokit(request.token, {
    baseUrl: request.apiUrl,
    request: { fetch: fetchWithin(request.requestTimeoutMs) },
  });
  const { owner, repo, number } = request.pullRequest;
  try {
    const existing = await findOurs(octokit, request);
    if (existing !== undefined) {
      const { data } = await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing,
        body: request.body,
      });
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    if (!request.createIfMissing) return { action: 'skipped', reason: 'nothing to report and no earlier comment' };
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: request.body });
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 403 || status === 404) {
      return { action: 'denied', status, message: (error as Error).message };
    }
    throw error;
  }
}
