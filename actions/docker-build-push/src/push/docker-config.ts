/**
 * The job-private Docker config: a copy of the user's config (so contexts, proxies, plugins and earlier logins to
 * other registries keep working) without a credential store (logins must land in this private file, not the
 * machine's keychain) and without entries for the registries this step logs in to.
 */
export interface DockerConfigFile {
  auths?: Record<string, unknown>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

export function privateDockerConfig(
  original: DockerConfigFile | undefined,
  hosts: readonly string[],
): DockerConfigFile {
  const copy: DockerConfigFile = { ...(original ?? {}) };
  delete copy.credsStore;
  const drop = new Set(hosts.flatMap((host) => [host, `https://${host}`, `http://${host}`]));
  if (copy.auths) {
    copy.auths = Object.fromEntries(Object.entries(copy.auths).filter(([host]) => !drop.has(host)));
  }
  if (copy.credHelpers) {
    copy.credHelpers = Object.fromEntries(Object.entries(copy.credHelpers).filter(([host]) => !drop.has(host)));
  }
  copy.auths ??= {};
  return copy;
}

/** Folders of the user's Docker config that are linked into the private one: CLI plugins (buildx), builders, contexts. */
export const LINKED_CONFIG_FOLDERS = ['cli-plugins', 'buildx', 'contexts'] as const;
