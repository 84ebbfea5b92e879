/**
 * Discovery: group/version/kind → the resource's plural name and whether it is namespaced, read from the API
 * server (/api/v1, /apis/<group>/<version>) once per group version, so custom resources map like built-ins.
 */
import { quote } from '@aws-delivery/action-kit';
import { KubeApiError } from './kube-errors.js';
import type { KubeClient } from './kube-client.js';
import { splitApiVersion } from './objects.js';

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

interface ApiResourceList {
  resources?: ApiResource[];
}

export function groupVersionPath(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** The URL path of a collection (no name) or an object. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  const base = groupVersionPath(info.group ? `${info.group}/${info.version}` : info.version);
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}` : '';
  return `${base}${ns}/${info.resource}${tail}`;
}

export class Discovery {
  private readonly groupVersions = new Map<string, Promise<ApiResource[] | undefined>>();

  constructor(private readonly client: KubeClient) {}

  private resources(apiVersion: string): Promise<ApiResource[] | undefined> {
    let pending = this.groupVersions.get(apiVersion);
    if (!pending) {
      pending = this.client
        .get<ApiResourceList>(groupVersionPath(apiVersion), undefined, `discovery of ${apiVersion}`)
        .then((list) => list.resources ?? [])
        .catch((error: unknown) => {
          if (error instanceof KubeApiError && error.status === 404) return undefined;
          this.groupVersions.delete(apiVersion);
          throw error;
        });
      this.groupVersions.set(apiVersion, pending);
    }
    return pending;
  }

  /** The resource for apiVersion + kind, or undefined when the server does not serve it. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const resources = await this.resources(apiVersion);
    const found = resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) return undefined;
    const { group, version } = splitApiVersion(apiVersion);
    return { group, version, kind, resource: found.name, namespaced: found.namespaced, verbs: found.verbs ?? [] };
  }

  /** Like resolve, but throws a clear error for a kind the cluster does not serve. */
  async require(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const info = await this.resolve(apiVersion, kind);
    if (!info) {
      throw new Error(
        `The API server ${this.client.server} does not serve ${kind} in ${apiVersion}. Check the apiVersion, or ` +
          `install the CustomResourceDefinition that defines it.`,
      );
    }
    return info;
  }

  /** Forget what is known about a group version (after a CRD is applied). */
  invalidate(apiVersion?: string): void {
    if (apiVersion) this.groupVersions.delete(apiVersion);
    else this.groupVersions.clear();
  }

  /** /version of the server, for the log: its gitVersion when it has the shape of one, or what is wrong with it. */
  async serverVersion(): Promise<string> {
    const info = await this.client.get<{ gitVersion?: unknown }>('/version', undefined, 'server version');
    return describeGitVersion(info?.gitVersion);
  }
}

/**
 * A Kubernetes gitVersion: `v<major>.<minor>.<patch>`, then an optional pre-release or build suffix
 * (`v1.32.0-eks-5e3d6a1`, `v1.28.4+k3s2`). Anything else from the server is text from outside: quoted, never used.
 */
const GIT_VERSION = /^v\d{1,4}\.\d{1,4}\.\d{1,6}(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,63})?$/;

/** The server's gitVersion when it has the shape of one; otherwise a description that quotes it. */
export function describeGitVersion(gitVersion: unknown): string {
  if (gitVersion === undefined || gitVersion === null || gitVersion === '') return 'without a version';
  if (typeof gitVersion !== 'string') return `with a gitVersion that is not text (${typeof gitVersion})`;
  return GIT_VERSION.test(gitVersion) ? gitVersion : `with an unrecognised gitVersion ${quote(gitVersion, 40)}`;
}
