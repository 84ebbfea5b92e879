/** The validation failures a client of the real server commonly meets, with the real messages (422 Invalid). */
import { errors, type StatusCause } from './status.js';
import { deepEqual, isJsonObject } from './json.js';
import { labelSelectorMatcher } from './selectors.js';
import type { ResourceType } from './resources.js';
import type { KubeObject, LabelSelector, PodTemplate } from './types.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const WORKLOADS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

function goMap(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function validateName(object: KubeObject, type: ResourceType, causes: StatusCause[]): void {
  const name = object.metadata.name ?? '';
  const labelOnly = type.resource === 'namespaces' || type.resource === 'services';
  const pattern = labelOnly ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else if (!pattern.test(name) || name.length > (labelOnly ? 63 : 253)) {
    const rule = labelOnly ? 'a lowercase RFC 1123 label' : 'a lowercase RFC 1123 subdomain';
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: ${JSON.stringify(name)}: ${rule} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
}

function validateContainers(template: PodTemplate | undefined, prefix: string, causes: StatusCause[]): void {
  const containers = template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', field: `${prefix}.containers`, message: 'Required value' });
    return;
  }
  containers.forEach((c, i) => {
    if (!c.name)
      causes.push({
        reason: 'FieldValueRequired',
        field: `${prefix}.containers[${i}].name`,
        message: 'Required value',
      });
    if (!c.image)
      causes.push({
        reason: 'FieldValueRequired',
        field: `${prefix}.containers[${i}].image`,
        message: 'Required value',
      });
  });
}

function validateWorkload(object: KubeObject, previous: KubeObject | undefined, causes: StatusCause[]): void {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const selector = spec.selector as LabelSelector | undefined;
  const template = spec.template as PodTemplate | undefined;
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' });
  } else if (!labelSelectorMatcher(selector)(template?.metadata?.labels)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${goMap(template?.metadata?.labels)}: \`selector\` does not match template \`labels\``,
    });
  }
  const before = previous && isJsonObject(previous.spec) ? previous.spec.selector : undefined;
  if (before && !deepEqual(before, spec.selector)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.selector',
      message: `Invalid value: ${JSON.stringify(spec.selector)}: field is immutable`,
    });
  }
  validateContainers(template, 'spec.template.spec', causes);
}

export function validate(object: KubeObject, previous: KubeObject | undefined, type: ResourceType): void {
  const causes: StatusCause[] = [];
  validateName(object, type, causes);
  if (type.group === 'apps' && WORKLOADS.includes(type.kind)) validateWorkload(object, previous, causes);
  if (type.kind === 'Pod' && type.group === '')
    validateContainers({ spec: object.spec as PodTemplate['spec'] }, 'spec', causes);
  if (causes.length > 0) throw errors.invalid(type.kind, type.group, object.metadata.name ?? '', causes);
}
