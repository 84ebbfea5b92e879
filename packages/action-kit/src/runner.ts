/** Where the action runs, read from the variables the runner (or act) sets. */
export interface RunnerInfo {
  kind: 'github-hosted' | 'self-hosted' | 'act' | 'local';
  /** GitHub Enterprise Server: GITHUB_SERVER_URL is neither github.com nor a *.ghe.com data-residency host. */
  ghes: boolean;
  serverUrl: string;
  /** The job may request an OIDC token (`permissions: id-token: write`). */
  oidcAvailable: boolean;
}

export function detectRunner(env: NodeJS.ProcessEnv = process.env): RunnerInfo {
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  const host = URL.canParse(serverUrl) ? new URL(serverUrl).hostname.toLowerCase() : '';
  const ghes = host !== '' && host !== 'github.com' && !host.endsWith('.ghe.com');
  const kind: RunnerInfo['kind'] =
    env.ACT === 'true'
      ? 'act'
      : env.GITHUB_ACTIONS !== 'true'
        ? 'local'
        : env.RUNNER_ENVIRONMENT === 'github-hosted'
          ? 'github-hosted'
          : 'self-hosted';
  return {
    kind,
    ghes,
    serverUrl,
    oidcAvailable: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
  };
}
