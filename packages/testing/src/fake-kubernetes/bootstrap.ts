/** What a fresh cluster already holds: the system namespaces, the nodes, and the `kubernetes` Service. */
import type { ObjectService } from './objects.js';
import type { ResourceRegistry } from './resources.js';
import type { KubeObject } from './types.js';

const BOOTSTRAP_MANAGER = 'kube-apiserver';

export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `node-${i + 1}`);
}

export function bootstrapCluster(
  service: ObjectService,
  registry: ResourceRegistry,
  nodes: string[],
  kubeletVersion: string,
): void {
  const namespaces = registry.find('', 'v1', 'namespaces');
  const nodeType = registry.find('', 'v1', 'nodes');
  const services = registry.find('', 'v1', 'services');
  if (!namespaces || !nodeType || !services) throw new Error('fake Kubernetes: core types missing from the registry');
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    service.create(
      namespaces,
      undefined,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      { manager: BOOTSTRAP_MANAGER },
    );
  }
  nodes.forEach((name, i) => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
      },
      spec: {},
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [
          { type: 'InternalIP', address: `192.168.0.${i + 10}` },
          { type: 'Hostname', address: name },
        ],
        capacity: { cpu: '2', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '2', memory: '8Gi', pods: '110' },
        nodeInfo: {
          kubeletVersion,
          operatingSystem: 'linux',
          architecture: 'amd64',
          containerRuntimeVersion: 'containerd://1.7.0',
        },
      },
    };
    service.create(nodeType, undefined, node, { manager: BOOTSTRAP_MANAGER });
  });
  service.create(
    services,
    'default',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
    },
    { manager: BOOTSTRAP_MANAGER },
  );
}
