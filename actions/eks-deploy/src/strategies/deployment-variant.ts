import { isRecord, type KubeObject } from '@aws-delivery/k8s';

export function labelsOf(value: unknown): Record<string, string> {
  return isRecord(value) ? (value as Record<string, string>) : {};
}

/**
 * A copy of a Deployment under another name, with one more label on itself, in its selector and on its pods (so
 * its selector never overlaps another variant's ReplicaSets), and with `replicas` when given. Blue-green colours
 * and canaries are such variants.
 */
export function deploymentVariant(
  deployment: KubeObject,
  name: string,
  [key, value]: [string, string],
  replicas?: number,
): KubeObject {
  const copy = structuredClone(deployment);
  const spec = isRecord(copy.spec) ? copy.spec : {};
  const selector = isRecord(spec.selector) ? spec.selector : {};
  const template = isRecord(spec.template) ? spec.template : {};
  const templateMetadata = isRecord(template.metadata) ? template.metadata : {};
  copy.metadata = { ...copy.metadata, name, labels: { ...labelsOf(copy.metadata.labels), [key]: value } };
  copy.spec = {
    ...spec,
    ...(replicas === undefined ? {} : { replicas }),
    selector: { ...selector, matchLabels: { ...labelsOf(selector.matchLabels), [key]: value } },
    template: {
      ...template,
      metadata: { ...templateMetadata, labels: { ...labelsOf(templateMetadata.labels), [key]: value } },
    },
  };
  return copy;
}
