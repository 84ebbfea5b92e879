/**
 * The blue-green plan (pure): each Deployment runs as `<name>-blue` and `<name>-green`, their pods labelled with the
 * colour; the Services that select the Deployment's pods get the colour in their selector. A deploy brings up the
 * idle colour, and only once it is ready switches the Services to it; reject switches them back; promote removes
 * the idle colour.
 */
import { isRecord, type ApplyPlan, type KubeObject, type PlannedObject } from '@aws-delivery/k8s';
import { deploymentVariant, labelsOf } from './deployment-variant.js';

export const COLOR_LABEL = 'eks-deploy.aws-delivery.dev/color';
export type Color = 'blue' | 'green';

export function otherColor(color: Color | undefined): Color {
  return color === 'blue' ? 'green' : 'blue';
}

export function coloredName(name: string, color: Color): string {
  return `${name}-${color}`;
}

function templateLabels(deployment: KubeObject): Record<string, string> {
  const spec = isRecord(deployment.spec) ? deployment.spec : {};
  const template = isRecord(spec.template) ? spec.template : {};
  return labelsOf(isRecord(template.metadata) ? template.metadata.labels : undefined);
}

export function serviceSelector(service: KubeObject): Record<string, string> {
  const spec = isRecord(service.spec) ? service.spec : {};
  return labelsOf(spec.selector);
}

/** Whether a Service sends traffic to a Deployment's pods (same namespace, selector within the pod labels). */
export function selects(service: KubeObject, deployment: KubeObject): boolean {
  if (service.kind !== 'Service' || service.metadata.namespace !== deployment.metadata.namespace) return false;
  const selector = Object.entries(serviceSelector(service)).filter(([key]) => key !== COLOR_LABEL);
  const labels = templateLabels(deployment);
  return selector.length > 0 && selector.every(([key, value]) => labels[key] === value);
}

/** The colour a live Service sends traffic to, if it has one. */
export function activeColorOf(service: KubeObject | undefined): Color | undefined {
  const color = service ? serviceSelector(service)[COLOR_LABEL] : undefined;
  return color === 'blue' || color === 'green' ? color : undefined;
}

export function coloredDeployment(deployment: KubeObject, color: Color): KubeObject {
  return deploymentVariant(deployment, coloredName(deployment.metadata.name ?? '', color), [COLOR_LABEL, color]);
}

export function serviceToColor(service: KubeObject, color: Color): KubeObject {
  const copy = structuredClone(service);
  const spec = isRecord(copy.spec) ? copy.spec : {};
  copy.spec = { ...spec, selector: { ...serviceSelector(copy), [COLOR_LABEL]: color } };
  return copy;
}

export interface BlueGreenUnit {
  /** The Deployment as in the manifests. */
  deployment: PlannedObject;
  services: PlannedObject[];
  active: Color | undefined;
  next: Color;
}

export interface BlueGreenPlan {
  /** Everything else, applied first. */
  base: Pick<ApplyPlan, 'waves'>;
  units: BlueGreenUnit[];
}

export class BlueGreenPlanError extends Error {
  override readonly name = 'BlueGreenPlanError';
}

/**
 * `liveServices` holds the running Service for each planned Service key. Every planned Deployment needs at least
 * one Service that selects it (otherwise there is nothing to switch), and a Service may serve one Deployment only.
 */
export function planBlueGreen(
  plan: Pick<ApplyPlan, 'waves'>,
  liveServices: ReadonlyMap<string, KubeObject | undefined>,
): BlueGreenPlan {
  const all = plan.waves.flat();
  const deployments = all.filter((p) => p.object.kind === 'Deployment');
  const services = all.filter((p) => p.object.kind === 'Service');
  const used = new Set<string>();
  const units = deployments.map((deployment): BlueGreenUnit => {
    const mine = services.filter((s) => selects(s.object, deployment.object));
    const name = `${deployment.object.metadata.namespace}/${deployment.object.metadata.name}`;
    if (mine.length === 0) {
      throw new BlueGreenPlanError(
        `Deployment ${name} has no Service in the manifests that selects its pods, so there is no traffic to switch.`,
      );
    }
    for (const s of mine) {
      if (used.has(s.key))
        throw new BlueGreenPlanError(
          `Service ${s.object.metadata.name} selects the pods of more than one Deployment; blue-green needs one Deployment per Service.`,
        );
      used.add(s.key);
    }
    const colors = new Set(mine.map((s) => activeColorOf(liveServices.get(s.key))));
    if (colors.size > 1) {
      throw new BlueGreenPlanError(
        `The Services of Deployment ${name} send traffic to different colours (${[...colors].join(', ')}); switch them to one colour first.`,
      );
    }
    const active = [...colors][0];
    return { deployment, services: mine, active, next: otherColor(active) };
  });
  const inUnits = new Set([...deployments.map((d) => d.key), ...used]);
  const base = {
    waves: plan.waves.map((wave) => wave.filter((p) => !inUnits.has(p.key))).filter((wave) => wave.length > 0),
  };
  return { base, units };
}

/** A planned object under another name (its key follows). */
export function renamed(planned: PlannedObject, object: KubeObject): PlannedObject {
  return { ...planned, object, key: planned.key.replace(/\|([^|]*)$/, `|${object.metadata.name}`) };
}
