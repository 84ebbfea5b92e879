/** What the tags and labels are computed from: the workflow run's git context. */
export interface GitContext {
  eventName: string;
  /** The commit the run builds (GITHUB_SHA). */
  sha: string;
  /** refs/heads/main, refs/tags/v1.2.3, refs/pull/42/merge */
  ref: string;
  /** The repository's default branch, from the event payload (or the `default-branch` input). */
  defaultBranch?: string;
  /** owner/name */
  repository: string;
  serverUrl: string;
}

interface EventPayload {
  repository?: { default_branch?: unknown };
  pull_request?: { number?: unknown };
  number?: unknown;
}

/** Reads the git context from the runner's variables and the event payload (already parsed; undefined if absent). */
export function readGitContext(env: NodeJS.ProcessEnv, payload: unknown, defaultBranch?: string): GitContext {
  const event = (typeof payload === 'object' && payload !== null ? payload : {}) as EventPayload;
  const fromPayload = event.repository?.default_branch;
  let ref = env.GITHUB_REF ?? '';
  // pull_request_target runs on the base branch; the PR number still names the change.
  const prNumber = event.pull_request?.number ?? event.number;
  if (!/^refs\/pull\//.test(ref) && /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '') && typeof prNumber === 'number') {
    ref = `refs/pull/${prNumber}/merge`;
  }
  const branch = defaultBranch || (typeof fromPayload === 'string' ? fromPayload : undefined);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref,
    ...(branch ? { defaultBranch: branch } : {}),
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
  };
}
