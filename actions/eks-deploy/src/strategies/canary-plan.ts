/**
 * The canary plan (pure): for each Deployment that is already running (the stable), a `<name>-canary` Deployment
 * with the new pod template and a share of the stable's replicas, its pods labelled track=canary so its selector
 * never overlaps the stable's ReplicaSets; the Services keep selecting both, so the canary takes about that share
 * of the traffic. Deployments with no stable yet are deployed directly.
 */
import { isRecord, type ApplyPlan, type KubeObject, type PlannedObject } from '@aws-delivery/k8s';
import { deploymentVariant } from './deployment-variant.js';

export const TRACK_LABEL = 'eks-deploy.aws-delivery.dev/track';
export const CANARY_SUFFIX = '-canary';

export function canaryName(name: string): string {
  return `${name}${CANARY_SUFFIX}`;
}

/** At least one pod; otherwise the rounded percentage of the stable's replicas. */
export function canaryReplicas(stableReplicas: number, percentage: number): number {
  return Math.max(1, Math.round((stableReplicas * percentage) / 100));
}

/** The canary Deployment for a planned Deployment. */
export function canaryDeployment(deployment: KubeObject, replicas: number): KubeObject {
  return deploymentVariant(deployment, canaryName(deployment.metadata.name ?? ''), [TRACK_LABEL, 'canary'], replicas);
}

export interface CanaryPlan {
  /** The plan to apply: stable Deployments replaced by their canaries. */
  plan: Pick<ApplyPlan, 'waves'>;
  canaries: { stable: string; canary: KubeObject; replicas: number; stableReplicas: number }[];
  /** Deployments with no stable running: applied as they are. */
  direct: string[];
}

/** `live` holds the running Deployment for each planned Deployment key (undefined: none yet). */
export function planCanary(
  plan: Pick<ApplyPlan, 'waves'>,
  live: ReadonlyMap<string, KubeObject | undefined>,
  percentage: number,
): CanaryPlan {
  const canaries: CanaryPlan['canaries'] = [];
  const direct: string[] = [];
  const waves = plan.waves.map((wave) =>
    wave.map((planned): PlannedObject => {
      if (planned.object.kind !== 'Deployment') return planned;
      const stable = live.get(planned.key);
      const name = `${planned.object.metadata.namespace}/${planned.object.metadata.name}`;
      if (!stable) {
        direct.push(name);
        return planned;
      }
      const stableSpec = isRecord(stable.spec) ? stable.spec : {};
      const stableReplicas = typeof stableSpec.replicas === 'number' ? stableSpec.replicas : 1;
      const replicas = canaryReplicas(stableReplicas, percentage);
      const canary = canaryDeployment(planned.object, replicas);
      canaries.push({ stable: name, canary, replicas, stableReplicas });
      return { ...planned, object: canary, key: planned.key.replace(/\|([^|]*)$/, `|${canary.metadata.name}`) };
    }),
  );
  return { plan: { waves }, canaries, direct };
}
