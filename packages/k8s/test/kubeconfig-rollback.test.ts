import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { eksExec, parseKubeconfig } from '../src/kubeconfig.js';
import {
  cleanTemplate,
  podsBlockingRollback,
  previousControllerRevision,
  previousDeploymentRevision,
  rollbackManifest,
} from '../src/rollback.js';
import { judgeRollout } from '../src/rollout-judge.js';
import { labelSelectorString } from '../src/object-watch.js';
import type { KubeObject } from '../src/objects.js';
import type { PodProblem } from '../src/pod-problems.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function kubeconfig(
  user: Record<string, unknown>,
  cluster: Record<string, unknown> = {
    server: 'https://k8s.corp:6443',
    'certificate-authority-data': Buffer.from(PEM).toString('base64'),
  },
) {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'ci',
    contexts: [
      { name: 'ci', context: { cluster: 'c', user: 'u', namespace: 'payments' } },
      { name: 'other', context: { cluster: 'c' } },
    ],
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user }],
  });
}

describe('parseKubeconfig', () => {
  it('reads server, CA, namespace and token of the current context', () => {
    expect(parseKubeconfig(kubeconfig({ token: 'secret' }), '/home/kc')).toEqual({
      context: 'ci',
      server: 'https://k8s.corp:6443',
      caPem: PEM,
      namespace: 'payments',
      token: 'secret',
    });
  });

  it('resolves a CA file and a token file relative to the kubeconfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    writeFileSync(join(dir, 'ca.pem'), PEM);
    const access = parseKubeconfig(
      kubeconfig({ tokenFile: 'token' }, { server: 'https://x', 'certificate-authority': 'ca.pem' }),
      join(dir, 'config'),
    );
    expect(access).toMatchObject({ caPem: PEM, tokenFile: join(dir, 'token') });
  });

  it('replaces the aws eks get-token exec plugin by the in-process token', () => {
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['--region', 'cn-north-1', 'eks', 'get-token', '--cluster-name', 'prod'],
    };
    expect(parseKubeconfig(kubeconfig({ exec }), 'kc').eks).toEqual({ clusterName: 'prod', region: 'cn-north-1' });
  });

  it.each([
    [
      {
        command: '/usr/local/bin/aws',
        args: ['eks', 'get-token', '--cluster-name=prod'],
        env: [{ name: 'AWS_REGION', value: 'us-gov-west-1' }],
      },
      { clusterName: 'prod', region: 'us-gov-west-1' },
    ],
    [
      { command: 'aws-iam-authenticator', args: ['token', '-i', 'prod', '-r', 'arn:aws:iam::1:role/x'] },
      { clusterName: 'prod', roleArn: 'arn:aws:iam::1:role/x' },
    ],
    [{ command: 'aws', args: ['eks', 'get-token'] }, undefined],
    [{ command: 'gke-gcloud-auth-plugin' }, undefined],
  ])('eksExec %j', (exec, expected) => {
    expect(eksExec(exec)).toEqual(expected);
  });

  it.each([
    [
      kubeconfig({ token: 't' }, { server: 'https://x', 'insecure-skip-tls-verify': true }),
      undefined,
      'insecure-skip-tls-verify',
    ],
    [kubeconfig({ 'client-certificate-data': 'x', 'client-key-data': 'y' }), undefined, 'client certificate'],
    [
      kubeconfig({ exec: { command: 'gke-gcloud-auth-plugin' } }),
      undefined,
      'runs the exec plugin "gke-gcloud-auth-plugin"',
    ],
    [kubeconfig({ token: 't' }), 'missing', 'kubeconfig has no context named "missing" (it has: ci, other)'],
    [kubeconfig({ token: 't' }, {}), undefined, 'has no server'],
    ['a: [', undefined, 'is not valid YAML'],
  ])('refuses what it cannot use (%#)', (text, context, message) => {
    expect(() => parseKubeconfig(text, 'kc', context)).toThrow(message);
  });
});

const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true };
const rs = (name: string, revision: string, image: string, ownerUid = 'd1'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name,
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ownerReferences: [{ ...owner, uid: ownerUid }],
  },
  spec: {
    template: {
      metadata: { labels: { app: 'web', 'pod-template-hash': name.slice(-3) }, creationTimestamp: null },
      spec: { containers: [{ name: 'c', image }] },
    },
  },
});
const web: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'd1' } };

describe('previous revisions', () => {
  it('a Deployment goes back to the ReplicaSet with the highest revision below the newest', () => {
    const previous = previousDeploymentRevision(web, [
      rs('web-aaa', '3', 'app:3'),
      rs('web-bbb', '5', 'app:5'),
      rs('web-ccc', '4', 'app:4'),
      rs('x-ddd', '9', 'x', 'other'),
    ]);
    expect(previous).toMatchObject({ revision: 4, failedRevision: 5, source: 'ReplicaSet/web-ccc' });
    expect(previous?.template).toEqual({
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'app:4' }] },
    });
    expect(previousDeploymentRevision(web, [rs('web-aaa', '1', 'app:1')])).toBeUndefined();
  });

  it('a StatefulSet or DaemonSet goes back to the previous ControllerRevision', () => {
    const sts: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', uid: 's1' } };
    const cr = (name: string, revision: number, image: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name, ownerReferences: [{ ...owner, kind: 'StatefulSet', uid: 's1' }] },
      revision,
      data: {
        spec: {
          template: {
            $patch: 'replace',
            metadata: { labels: { app: 'db' } },
            spec: { containers: [{ name: 'db', image }] },
          },
        },
      },
    });
    const previous = previousControllerRevision(sts, [
      cr('db-1', 1, 'db:1'),
      cr('db-3', 3, 'db:3'),
      cr('db-2', 2, 'db:2'),
    ]);
    expect(previous).toMatchObject({
      revision: 2,
      failedRevision: 3,
      source: 'ControllerRevision/db-2',
      failedRevisionName: 'db-3',
    });
    expect(previous?.template).toEqual({
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image: 'db:2' }] },
    });
    const pod = (name: string, hash: string, ready: boolean): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { 'controller-revision-hash': hash },
        ownerReferences: [{ ...owner, kind: 'StatefulSet', uid: 's1' }],
      },
      status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    expect(
      podsBlockingRollback(
        sts,
        [pod('db-0', 'db-2', true), pod('db-1', 'db-3', false), pod('db-2', 'db-3', true)],
        previous!,
      ).map((p) => p.metadata.name),
    ).toEqual(['db-1']);
  });

  it('the rollback manifest is the applied one with the previous template and a marker', () => {
    const applied = {
      ...web,
      metadata: { name: 'web', namespace: 'prod', labels: { a: 'b' } },
      spec: { replicas: 3, template: { spec: { containers: [{ image: 'app:bad' }] } } },
    };
    const previous = previousDeploymentRevision(web, [rs('web-aaa', '1', 'app:1'), rs('web-bbb', '2', 'app:bad')])!;
    const manifest = rollbackManifest(applied, previous);
    expect(manifest.spec).toEqual({
      replicas: 3,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'app:1' }] } },
    });
    expect(
      cleanTemplate({
        $patch: 'replace',
        metadata: { labels: { 'controller-revision-hash': 'x', 'pod-template-generation': '2' } },
      }),
    ).toEqual({ metadata: { labels: {} } });
    expect(manifest.metadata.annotations).toEqual({ 'eks-deploy.aws-delivery.dev/rolled-back-from-revision': '2' });
    expect(manifest.metadata.labels).toEqual({ a: 'b' });
  });
});

describe('judgeRollout', () => {
  const waiting = {
    done: false,
    message: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
  };
  const hard: PodProblem[] = [{ pod: 'web-1', reason: 'CrashLoopBackOff', message: '', hard: true }];
  const soft: PodProblem[] = [{ pod: 'web-1', reason: 'Unschedulable', message: '', hard: false }];
  it.each([
    ['done', { done: true, message: 'ok' }, [], undefined, 0, 0, { state: 'done', message: 'ok' }],
    [
      'deadline',
      { done: false, failed: true, message: 'deployment "web" exceeded its progress deadline' },
      [],
      undefined,
      0,
      -1,
      { state: 'failed', reason: 'progress-deadline', message: 'deployment "web" exceeded its progress deadline' },
    ],
    [
      'hard problems within grace',
      waiting,
      hard,
      1000,
      5000,
      30_000,
      { state: 'waiting', message: waiting.message, recheckAt: 31_000 },
    ],
    [
      'hard problems past grace',
      waiting,
      hard,
      1000,
      31_000,
      30_000,
      {
        state: 'failed',
        reason: 'pod-errors',
        message:
          'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available; pods of the new revision are failing',
      },
    ],
    [
      'hard problems, fast failure off',
      waiting,
      hard,
      1000,
      99_000,
      -1,
      { state: 'waiting', message: waiting.message },
    ],
    ['only unschedulable', waiting, soft, undefined, 99_000, 0, { state: 'waiting', message: waiting.message }],
  ] as const)('%s', (_name, status, problems, hardSince, now, grace, expected) => {
    expect(judgeRollout({ status, problems: [...problems], hardSince, now, podErrorGraceMs: grace })).toEqual(expected);
  });
});

describe('labelSelectorString', () => {
  it('writes matchLabels and every matchExpressions operator', () => {
    expect(
      labelSelectorString({
        matchLabels: { app: 'web', tier: 'front' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'stage'] },
          { key: 'canary', operator: 'NotIn', values: ['true'] },
          { key: 'team', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,tier=front,env in (prod,stage),canary notin (true),team,!legacy');
    expect(labelSelectorString(undefined)).toBe('');
  });
});
