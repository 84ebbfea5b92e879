/**
 * Server-side printing: `kubectl get` (without -o) asks for `as=Table;g=meta.k8s.io;v=v1` and prints what the server
 * returns. Columns follow the real printers (pkg/printers/internalversion) for the types the fake serves; other
 * types get the default Name / Created At table, as custom resources without printer columns do.
 */
import { asObject, type JsonObject, type JsonValue } from './json.js';
import type { ResourceType } from './resources.js';
import type { ContainerStatus, KubeObject, Pod } from './types.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (object: KubeObject, now: Date) => JsonValue;
}

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => range.includes('as=Table') && range.includes('g=meta.k8s.io'));
}

export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

const age = (o: KubeObject, now: Date): JsonValue =>
  o.metadata.creationTimestamp ? humanDuration(now.getTime() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>';

const nameColumn: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name ?? '' };
const ageColumn: Column = { name: 'Age', type: 'string', cell: age };

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function status(o: KubeObject): JsonObject {
  return asObject(o.status);
}

function spec(o: KubeObject): JsonObject {
  return asObject(o.spec);
}

/** The STATUS column of `kubectl get pods`, computed as the real pod printer does. */
export function podStatusReason(pod: Pod): string {
  const podStatus = pod.status ?? {};
  let reason = podStatus.reason ?? podStatus.phase ?? 'Unknown';
  let hasRunning = false;
  const statuses: ContainerStatus[] = podStatus.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i -= 1) {
    const container = statuses[i];
    if (!container) continue;
    if (container.state.waiting?.reason) reason = container.state.waiting.reason;
    else if (container.state.terminated?.reason) reason = container.state.terminated.reason;
    else if (container.state.terminated) reason = `ExitCode:${container.state.terminated.exitCode}`;
    else if (container.ready && container.state.running) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function podRestarts(pod: Pod, now: Date): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((sum, c) => sum + c.restartCount, 0);
  const finished = statuses
    .map((c) => c.lastState.terminated?.finishedAt)
    .filter((t): t is string => Boolean(t))
    .map((t) => Date.parse(t));
  if (restarts === 0 || finished.length === 0) return String(restarts);
  return `${restarts} (${humanDuration(now.getTime() - Math.max(...finished))} ago)`;
}

const podColumns: Column[] = [
  nameColumn,
  {
    name: 'Ready',
    type: 'string',
    cell: (o) => {
      const statuses = (o as Pod).status?.containerStatuses ?? [];
      const containers = (o as Pod).spec?.containers?.length ?? statuses.length;
      return `${statuses.filter((c) => c.ready).length}/${containers}`;
    },
  },
  { name: 'Status', type: 'string', cell: (o) => podStatusReason(o as Pod) },
  { name: 'Restarts', type: 'string', cell: (o, now) => podRestarts(o as Pod, now) },
  ageColumn,
  { name: 'IP', type: 'string', priority: 1, cell: (o) => (o as Pod).status?.podIP ?? '<none>' },
  { name: 'Node', type: 'string', priority: 1, cell: (o) => (o as Pod).spec?.nodeName ?? '<none>' },
];

function containerList(o: KubeObject, field: 'name' | 'image'): string {
  const template = asObject(spec(o).template);
  const containers = asObject(template.spec).containers;
  return Array.isArray(containers) ? containers.map((c) => String(asObject(c)[field] ?? '')).join(',') : '';
}

const deploymentColumns: Column[] = [
  nameColumn,
  { name: 'Ready', type: 'string', cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}` },
  { name: 'Up-to-date', type: 'integer', cell: (o) => num(status(o).updatedReplicas) },
  { name: 'Available', type: 'integer', cell: (o) => num(status(o).availableReplicas) },
  ageColumn,
  { name: 'Containers', type: 'string', priority: 1, cell: (o) => containerList(o, 'name') },
  { name: 'Images', type: 'string', priority: 1, cell: (o) => containerList(o, 'image') },
];

const replicaSetColumns: Column[] = [
  nameColumn,
  { name: 'Desired', type: 'integer', cell: (o) => num(spec(o).replicas) },
  { name: 'Current', type: 'integer', cell: (o) => num(status(o).replicas) },
  { name: 'Ready', type: 'integer', cell: (o) => num(status(o).readyReplicas) },
  ageColumn,
  { name: 'Containers', type: 'string', priority: 1, cell: (o) => containerList(o, 'name') },
  { name: 'Images', type: 'string', priority: 1, cell: (o) => containerList(o, 'image') },
];

const statefulSetColumns: Column[] = [
  nameColumn,
  { name: 'Ready', type: 'string', cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}` },
  ageColumn,
];

const daemonSetColumns: Column[] = [
  nameColumn,
  { name: 'Desired', type: 'integer', cell: (o) => num(status(o).desiredNumberScheduled) },
  { name: 'Current', type: 'integer', cell: (o) => num(status(o).currentNumberScheduled) },
  { name: 'Ready', type: 'integer', cell: (o) => num(status(o).numberReady) },
  { name: 'Up-to-date', type: 'integer', cell: (o) => num(status(o).updatedNumberScheduled) },
  { name: 'Available', type: 'integer', cell: (o) => num(status(o).numberAvailable) },
  ageColumn,
];

function servicePorts(o: KubeObject): string {
  const ports = spec(o).ports;
  if (!Array.isArray(ports) || ports.length === 0) return '<none>';
  return ports
    .map((p) => {
      const port = asObject(p);
      const nodePort = port.nodePort ? `:${String(port.nodePort)}` : '';
      return `${String(port.port)}${nodePort}/${String(port.protocol ?? 'TCP')}`;
    })
    .join(',');
}

const serviceColumns: Column[] = [
  nameColumn,
  { name: 'Type', type: 'string', cell: (o) => String(spec(o).type ?? 'ClusterIP') },
  { name: 'Cluster-IP', type: 'string', cell: (o) => String(spec(o).clusterIP ?? '<none>') },
  { name: 'External-IP', type: 'string', cell: () => '<none>' },
  { name: 'Port(s)', type: 'string', cell: servicePorts },
  ageColumn,
];

const countData = (o: KubeObject) =>
  Object.keys(asObject((o as unknown as JsonObject).data)).length +
  Object.keys(asObject((o as unknown as JsonObject).binaryData)).length;

const COLUMNS: Record<string, Column[]> = {
  '/Pod': podColumns,
  'apps/Deployment': deploymentColumns,
  'apps/ReplicaSet': replicaSetColumns,
  'apps/StatefulSet': statefulSetColumns,
  'apps/DaemonSet': daemonSetColumns,
  '/Service': serviceColumns,
  '/ConfigMap': [nameColumn, { name: 'Data', type: 'integer', cell: countData }, ageColumn],
  '/Secret': [
    nameColumn,
    { name: 'Type', type: 'string', cell: (o) => String((o as unknown as JsonObject).type ?? '') },
    { name: 'Data', type: 'integer', cell: countData },
    ageColumn,
  ],
  '/Namespace': [nameColumn, { name: 'Status', type: 'string', cell: (o) => String(status(o).phase ?? '') }, ageColumn],
  '/Node': [nameColumn, { name: 'Status', type: 'string', cell: () => 'Ready' }, ageColumn],
  'apps/ControllerRevision': [
    nameColumn,
    {
      name: 'Controller',
      type: 'string',
      cell: (o) => {
        const owner = o.metadata.ownerReferences?.find((r) => r.controller);
        return owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>';
      },
    },
    { name: 'Revision', type: 'integer', cell: (o) => num((o as unknown as JsonObject).revision) },
    ageColumn,
  ],
};

const defaultColumns: Column[] = [
  nameColumn,
  { name: 'Created At', type: 'date', cell: (o) => o.metadata.creationTimestamp ?? null },
];

function partialMetadata(o: KubeObject): JsonObject {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: JSON.parse(JSON.stringify(o.metadata)) as JsonObject,
  };
}

export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
  now: Date,
  includeObject: string,
): JsonObject {
  const columns = COLUMNS[`${type.group}/${type.kind}`] ?? defaultColumns;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => {
      const definition: JsonObject = {
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: '',
        priority: c.priority ?? 0,
      };
      return definition;
    }),
    rows: objects.map((o) => {
      const row: JsonObject = { cells: columns.map((c) => c.cell(o, now)) };
      if (includeObject === 'Object') row.object = JSON.parse(JSON.stringify(o)) as JsonObject;
      else if (includeObject !== 'None') row.object = partialMetadata(o);
      return row;
    }),
  };
}
