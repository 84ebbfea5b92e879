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

/** Where `docker login docker.io` (or a bare `docker login`) keeps Docker Hub's login. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/**
 * `config` with a login to `host`, exactly as `docker login` stores one when no credential store or helper applies
 * (the job-private config has no credsStore, and no credHelpers entry for the host is kept): `auths[host].auth` is base64 of
 * `username:password`, under Docker Hub's own key for docker.io. podman, buildah and skopeo read the same entry.
 */
export function withLogin(
  config: DockerConfigFile,
  host: string,
  credentials: { username: string; password: string },
): DockerConfigFile {
  const key = host === 'docker.io' ? DOCKER_HUB_KEY : host;
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
  const login: DockerConfigFile = { ...config, auths: { ...(config.auths ?? {}), [key]: { auth } } };
  // A helper named for this very key would win over the entry when a client reads it.
  if (config.credHelpers && key in config.credHelpers) {
    login.credHelpers = Object.fromEntries(Object.entries(config.credHelpers).filter(([name]) => name !== key));
  }
  return login;
}
