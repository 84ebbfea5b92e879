/** What the server sets on create besides defaults: the initial status of each type, and Service cluster IPs. */
import { isBuiltin } from './apply.js';
import { clone, isJsonObject } from './json.js';
import type { ResourceType } from './resources.js';
import type { KubeObject } from './types.js';

export function initialStatus(type: ResourceType, candidate: KubeObject, now: Date): void {
  const key = `${type.group}/${type.kind}`;
  switch (key) {
    case '/Pod':
      candidate.status = { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    case '/Service':
      candidate.status = { loadBalancer: {} };
      break;
    case '/Namespace':
      candidate.status = { phase: 'Active' };
      break;
    case '/Node':
      break;
    case 'apiextensions.k8s.io/CustomResourceDefinition': {
      const spec = isJsonObject(candidate.spec) ? candidate.spec : {};
      const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
      candidate.status = {
        acceptedNames: clone(spec.names ?? {}),
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            reason: 'NoConflicts',
            message: 'no conflicts found',
            lastTransitionTime: time,
          },
          {
            type: 'Established',
            status: 'True',
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
            lastTransitionTime: time,
          },
        ],
        storedVersions: versions.filter((v) => v.storage === true).map((v) => v.name ?? null),
      };
      break;
    }
    default:
      // Built-in workloads start with an empty status; custom resources with a status subresource start without.
      if (isBuiltin(type)) candidate.status = {};
      else delete candidate.status;
  }
}

/** ClusterIP allocation from 10.96.0.0/16, kept across updates that do not name an IP. */
export class ServiceIpAllocator {
  private next = 10;

  allocate(type: ResourceType, previous: KubeObject | undefined, candidate: KubeObject): void {
    if (type.group !== '' || type.kind !== 'Service' || !isJsonObject(candidate.spec)) return;
    const spec = candidate.spec;
    const before = previous && isJsonObject(previous.spec) ? previous.spec : {};
    if (spec.type === 'ExternalName') return;
    if (!spec.clusterIP) {
      if (before.clusterIP) spec.clusterIP = before.clusterIP;
      else {
        const n = this.next++;
        spec.clusterIP = `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      }
    }
    if (!Array.isArray(spec.clusterIPs)) spec.clusterIPs = spec.clusterIP === 'None' ? ['None'] : [spec.clusterIP];
    if (!Array.isArray(spec.ipFamilies)) spec.ipFamilies = ['IPv4'];
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
  }
}
