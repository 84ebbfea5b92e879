import { readFileSync } from 'node:fs';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

/** The pull request this run is for, from the event payload (pull_request and pull_request_target events). */
export function pullRequestFromEvent(env: NodeJS.ProcessEnv): PullRequestRef | undefined {
  const path = env.GITHUB_EVENT_PATH;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!path || !owner || !repo) return undefined;
  let payload: { pull_request?: { number?: unknown } };
  try {
    payload = JSON.parse(readFileSync(path, 'utf8')) as typeof payload;
  } catch {
    return undefined;
  }
  const number = payload.pull_request?.number;
  return typeof number === 'number' ? { owner, repo, number } : undefined;
}
