import type { GitContext } from './git-context.js';

/** The OCI annotation keys this action sets as image labels. */
export const OCI = {
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  created: 'org.opencontainers.image.created',
  version: 'org.opencontainers.image.version',
  title: 'org.opencontainers.image.title',
  url: 'org.opencontainers.image.url',
} as const;

/** OCI labels from the git context; the user's own labels win over these. Pure. */
export function ociLabels(
  context: GitContext,
  version: string,
  created: Date,
  userLabels: Readonly<Record<string, string>>,
): Record<string, string> {
  const repoUrl = context.repository ? `${context.serverUrl}/${context.repository}` : '';
  const labels: Record<string, string> = {
    ...(repoUrl ? { [OCI.source]: repoUrl, [OCI.url]: repoUrl } : {}),
    ...(context.sha ? { [OCI.revision]: context.sha } : {}),
    [OCI.created]: created.toISOString(),
    [OCI.version]: version,
    ...(context.repository ? { [OCI.title]: context.repository.split('/').pop()! } : {}),
  };
  return { ...labels, ...userLabels };
}
