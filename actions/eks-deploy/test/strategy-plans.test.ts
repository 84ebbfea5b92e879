import { describe, expect, it } from '@jest/globals';
import { planApply, type KubeObject, type ManifestObject } from '@aws-delivery/k8s';
import { canaryReplicas, planCanary } from '../src/strategies/canary-plan.js';
import {
  activeColorOf,
  planBlueGreen,
  selects,
  serviceToColor,
  coloredDeployment,
  COLOR_LABEL,
} from '../src/strategies/blue-green-plan.js';

const deployment = (name: string, labels: Record<string, string>, replicas = 4): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels },
  spec: {
    replicas,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'app:2' }] } },
  },
});
const service = (name: string, selector: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector, ports: [{ port: 80 }] },
});
const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } };

function plan(...objects: KubeObject[]) {
  const manifests: ManifestObject[] = objects.map((object, i) => ({ object, source: `m#${i}` }));
  return planApply(manifests, { namespace: 'prod', isNamespaced: () => true, managedBy: 'eks-deploy', applySet: 'x' });
}

describe('canary plan', () => {
  it.each([
    [10, 20, 2],
    [3, 20, 1],
    [1, 50, 1],
    [4, 25, 1],
    [5, 50, 3],
    [100, 1, 1],
  ])('%i stable replicas at %i%% → %i canary pods', (stable, pct, expected) => {
    expect(canaryReplicas(stable, pct)).toBe(expected);
  });

  it('replaces running Deployments by canaries and deploys new ones directly', () => {
    const p = plan(configMap, deployment('web', { app: 'web' }), deployment('worker', { app: 'worker' }));
    const web = p.objects.find((o) => o.object.metadata.name === 'web')!;
    const live = new Map([
      [web.key, { ...deployment('web', { app: 'web' }, 10), metadata: { name: 'web', namespace: 'prod' } }],
    ]);
    const canary = planCanary(p, live, 20);
    expect(canary.direct).toEqual(['prod/worker']);
    expect(canary.canaries.map((c) => [c.stable, c.canary.metadata.name, c.replicas, c.stableReplicas])).toEqual([
      ['prod/web', 'web-canary', 2, 10],
    ]);
    const applied = canary.plan.waves.flat().map((o) => `${o.object.kind}/${o.object.metadata.name}`);
    expect(applied).toEqual(['ConfigMap/cfg', 'Deployment/web-canary', 'Deployment/worker']);
    const c = canary.canaries[0]!.canary as KubeObject & {
      spec: { selector: { matchLabels: unknown }; template: { metadata: { labels: unknown } } };
    };
    expect(c.spec.selector.matchLabels).toEqual({ app: 'web', 'eks-deploy.aws-delivery.dev/track': 'canary' });
    expect(c.spec.template.metadata.labels).toEqual({ app: 'web', 'eks-deploy.aws-delivery.dev/track': 'canary' });
    expect(canary.plan.waves.flat().find((o) => o.object.metadata.name === 'web-canary')?.key).toBe(
      'apps|Deployment|prod|web-canary',
    );
  });
});

describe('blue-green plan', () => {
  it('matches Services to Deployments by selector, ignoring the colour label', () => {
    const d = { ...deployment('web', { app: 'web', tier: 'front' }), metadata: { name: 'web', namespace: 'prod' } };
    expect(selects({ ...service('s', { app: 'web' }), metadata: { name: 's', namespace: 'prod' } }, d)).toBe(true);
    expect(
      selects(
        { ...service('s', { app: 'web', [COLOR_LABEL]: 'blue' }), metadata: { name: 's', namespace: 'prod' } },
        d,
      ),
    ).toBe(true);
    expect(selects({ ...service('s', { app: 'api' }), metadata: { name: 's', namespace: 'prod' } }, d)).toBe(false);
    expect(selects({ ...service('s', { app: 'web' }), metadata: { name: 's', namespace: 'other' } }, d)).toBe(false);
    expect(selects({ ...service('s', {}), metadata: { name: 's', namespace: 'prod' } }, d)).toBe(false);
  });

  it('plans the idle colour per Deployment from the live Service', () => {
    const p = plan(
      configMap,
      deployment('web', { app: 'web' }),
      service('web', { app: 'web' }),
      deployment('api', { app: 'api' }),
      service('api', { app: 'api' }),
    );
    const webService = p.objects.find((o) => o.object.kind === 'Service' && o.object.metadata.name === 'web')!;
    const live = new Map([[webService.key, serviceToColor(webService.object, 'green')]]);
    const bg = planBlueGreen(p, live);
    expect(
      bg.units.map((u) => [
        u.deployment.object.metadata.name,
        u.services.map((s) => s.object.metadata.name),
        u.active,
        u.next,
      ]),
    ).toEqual([
      ['web', ['web'], 'green', 'blue'],
      ['api', ['api'], undefined, 'blue'],
    ]);
    expect(bg.base.waves.flat().map((o) => o.object.kind)).toEqual(['ConfigMap']);
    expect(activeColorOf(live.get(webService.key))).toBe('green');
    const blue = coloredDeployment(bg.units[0]!.deployment.object, 'blue') as KubeObject & {
      spec: { selector: { matchLabels: unknown } };
    };
    expect(blue.metadata.name).toBe('web-blue');
    expect(blue.spec.selector.matchLabels).toEqual({ app: 'web', [COLOR_LABEL]: 'blue' });
  });

  it.each([
    [[deployment('web', { app: 'web' })], 'Deployment prod/web has no Service in the manifests that selects its pods'],
    [
      [deployment('a', { app: 'x', n: 'a' }), deployment('b', { app: 'x', n: 'b' }), service('s', { app: 'x' })],
      'Service s selects the pods of more than one Deployment',
    ],
  ])('refuses what it cannot switch', (objects, message) => {
    expect(() => planBlueGreen(plan(...objects), new Map())).toThrow(message);
  });
});
