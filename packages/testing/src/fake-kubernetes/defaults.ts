/**
 * The defaults the real API server fills in on write for the types the fake knows (pkg/apis/<group>/v1/defaults.go),
 * limited to the fields a client can observe in rollout judgement, diffs and `kubectl get`. Idempotent.
 */
import { isJsonObject, type JsonObject } from './json.js';
import type { KubeObject } from './types.js';

function setDefault(target: JsonObject, key: string, value: JsonObject[string]): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function objectField(target: JsonObject, key: string): JsonObject {
  if (!isJsonObject(target[key])) target[key] = {};
  return target[key] as JsonObject;
}

function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash ? withoutDigest.slice(lastColon + 1) : undefined;
}

function defaultContainer(container: JsonObject): void {
  const image = typeof container.image === 'string' ? container.image : '';
  const tag = imageTag(image);
  const pinned = image.includes('@');
  setDefault(
    container,
    'imagePullPolicy',
    !pinned && (tag === undefined || tag === 'latest') ? 'Always' : 'IfNotPresent',
  );
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  setDefault(container, 'resources', {});
  if (Array.isArray(container.ports)) {
    for (const port of container.ports) if (isJsonObject(port)) setDefault(port, 'protocol', 'TCP');
  }
}

export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['containers', 'initContainers']) {
    const containers = spec[list];
    if (Array.isArray(containers)) for (const c of containers) if (isJsonObject(c)) defaultContainer(c);
  }
}

function defaultTemplate(spec: JsonObject): void {
  const template = objectField(spec, 'template');
  defaultPodSpec(objectField(template, 'spec'));
}

function defaultDeployment(spec: JsonObject): void {
  setDefault(spec, 'replicas', 1);
  const strategy = objectField(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = objectField(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

function defaultStatefulSet(spec: JsonObject): void {
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = objectField(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(objectField(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = objectField(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  defaultTemplate(spec);
}

function defaultDaemonSet(spec: JsonObject): void {
  const strategy = objectField(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = objectField(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

function defaultService(spec: JsonObject): void {
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      if (!isJsonObject(port)) continue;
      setDefault(port, 'protocol', 'TCP');
      setDefault(port, 'targetPort', port.port ?? null);
    }
  }
}

/** Fill in defaults in place. */
export function applyDefaults(object: KubeObject): void {
  const target = object as unknown as JsonObject;
  const key = `${object.apiVersion}/${object.kind}`;
  switch (key) {
    case 'apps/v1/Deployment':
      defaultDeployment(objectField(target, 'spec'));
      break;
    case 'apps/v1/ReplicaSet':
      setDefault(objectField(target, 'spec'), 'replicas', 1);
      defaultTemplate(objectField(target, 'spec'));
      break;
    case 'apps/v1/StatefulSet':
      defaultStatefulSet(objectField(target, 'spec'));
      break;
    case 'apps/v1/DaemonSet':
      defaultDaemonSet(objectField(target, 'spec'));
      break;
    case 'v1/Pod':
      defaultPodSpec(objectField(target, 'spec'));
      break;
    case 'v1/Service':
      defaultService(objectField(target, 'spec'));
      break;
    case 'v1/Secret': {
      setDefault(target, 'type', 'Opaque');
      // stringData is write-only: the server folds it into data, base64-encoded, and never returns it.
      if (isJsonObject(target.stringData)) {
        const data = objectField(target, 'data');
        for (const [key, value] of Object.entries(target.stringData))
          data[key] = Buffer.from(String(value), 'utf8').toString('base64');
      }
      delete target.stringData;
      break;
    }
    case 'v1/Namespace': {
      const metadata = object.metadata;
      metadata.labels = { ...(metadata.labels ?? {}), 'kubernetes.io/metadata.name': metadata.name ?? '' };
      setDefault(objectField(target, 'spec'), 'finalizers', ['kubernetes']);
      setDefault(objectField(target, 'status'), 'phase', 'Active');
      break;
    }
  }
}
