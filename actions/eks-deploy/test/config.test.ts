import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readInputs } from '@aws-delivery/action-kit';
import { checkActionInputs, refusalOf } from '@aws-delivery/testing';
import { buildConfig, provenanceFrom } from '../src/config.js';
import { decodeCa } from '../src/ca-text.js';
import { checkCaPem } from '../src/cluster-ca.js';
import { inputSpec } from '../src/inputs.js';

const config = (inputs: Record<string, string>, env: Record<string, string | undefined> = {}) =>
  buildConfig(
    readInputs(inputSpec, (name) => inputs[name] ?? ''),
    env,
  );

describe('inputs', () => {
  it('action.yml declares exactly the inputs the code reads', () => {
    expect(() => checkActionInputs('actions/eks-deploy', inputSpec)).not.toThrow();
  });
});

describe('buildConfig', () => {
  it('an EKS cluster with defaults', () => {
    const c = config(
      { 'cluster-name': 'prod', 'aws-region': 'cn-north-1', manifests: 'k8s\n# comment\ndeploy/*.yaml' },
      { GITHUB_REPOSITORY: 'acme/shop' },
    );
    expect(c).toMatchObject({
      cluster: { kind: 'eks', clusterName: 'prod', region: 'cn-north-1', allowUnknownRegion: false },
      manifests: ['k8s', 'deploy/*.yaml'],
      strategy: 'rolling',
      action: 'deploy',
      dryRun: false,
      fieldManager: 'eks-deploy',
      force: false,
      applySet: 'acme/shop',
      wait: true,
      rolloutTimeoutMs: 600_000,
      podErrorGraceMs: 30_000,
      rollback: true,
      canaryPercentage: 20,
    });
  });

  it('takes the region from AWS_REGION (as assume-role exports it)', () => {
    expect(config({ 'cluster-name': 'prod', manifests: 'k8s' }, { AWS_REGION: 'us-gov-west-1' }).cluster).toMatchObject(
      { region: 'us-gov-west-1' },
    );
  });

  it('a kubeconfig cluster', () => {
    expect(
      config({ kubeconfig: 'kc', 'kubeconfig-context': 'ci', manifests: 'k8s' }, { GITHUB_WORKSPACE: '/w' }).cluster,
    ).toEqual({ kind: 'kubeconfig', path: '/w/kc', context: 'ci' });
  });

  it('normalises the cluster endpoint', () => {
    expect(
      config({ kubeconfig: 'kc', manifests: 'k', 'cluster-endpoint': 'https://127.0.0.1:8443/' }).endpointOverride,
    ).toBe('https://127.0.0.1:8443');
  });

  it('pod-error-grace-seconds -1 turns fast failure off', () => {
    expect(config({ kubeconfig: 'kc', manifests: 'k', 'pod-error-grace-seconds': '-1' }).podErrorGraceMs).toBe(-1);
  });

  it('reads provenance from the runner environment', () => {
    expect(
      provenanceFrom({
        GITHUB_SHA: 'abc',
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_RUN_ID: '7',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SERVER_URL: 'https://ghe.corp',
        GITHUB_REF: 'refs/heads/main',
      }),
    ).toEqual({
      commit: 'abc',
      'run-url': 'https://ghe.corp/o/r/actions/runs/7/attempts/2',
      repository: 'o/r',
      ref: 'refs/heads/main',
    });
    expect(
      config({ kubeconfig: 'kc', manifests: 'k', provenance: 'false' }, { GITHUB_SHA: 'abc' }).provenance,
    ).toBeUndefined();
  });

  it.each([
    [{ manifests: 'k' }, 'Neither "cluster-name" nor "kubeconfig" is set'],
    [{ 'cluster-name': 'a', kubeconfig: 'kc', manifests: 'k' }, 'Inputs "cluster-name" and "kubeconfig" are both set'],
    [{ 'cluster-name': 'a', manifests: 'k' }, 'Input "aws-region" is empty and AWS_REGION is not set'],
    [{ kubeconfig: 'kc' }, 'Input "manifests" is required but was not set'],
    [
      { kubeconfig: 'kc', manifests: 'k', action: 'promote' },
      'Input "action" is "promote", but promote and reject only exist for the canary and blue-green strategies',
    ],
    [
      { kubeconfig: 'kc', manifests: 'k', strategy: 'canary', action: 'reject', 'dry-run': 'server' },
      'a dry run only previews a deploy',
    ],
    [
      { kubeconfig: 'kc', manifests: 'k', strategy: 'blue-green', prune: 'true' },
      'Fix: prune only with strategy: rolling.',
    ],
    [{ kubeconfig: 'kc', manifests: 'k', 'cluster-endpoint': 'http://x:80' }, 'must be https://HOST[:PORT]'],
    [{ kubeconfig: 'kc', manifests: 'k', 'cluster-endpoint': 'https://x/api' }, 'with no path or credentials'],
    [
      { kubeconfig: 'kc', manifests: 'k', images: 'host:5000/App:1' },
      'Input "images": image reference "host:5000/App:1" has an invalid repository component "App"',
    ],
    [
      { kubeconfig: 'kc', manifests: 'k', 'registry-rewrites': 'docker.io=' },
      'Input "registry-rewrites" maps "docker.io" to nothing',
    ],
    [
      { kubeconfig: 'kc', manifests: 'k', namespace: 'Prod' },
      'Input "namespace" has the value "Prod", but it must be a Kubernetes namespace name',
    ],
    [
      { kubeconfig: 'kc', manifests: 'k', namespace: 'a'.repeat(64) },
      'but it must be a Kubernetes namespace name (lower-case letters, digits and -, at most 63)',
    ],
    [
      { kubeconfig: 'kc', manifests: 'k', 'canary-percentage': '100' },
      'Input "canary-percentage" has the value "100", but it must be a whole number between 1 and 99 percent',
    ],
    [{ kubeconfig: 'kc', manifests: 'k', strategy: 'recreate' }, 'it must be one of: rolling, canary, blue-green'],
  ])('rejects %j', (inputs, message) => {
    expect(() => config(inputs)).toThrow(message);
  });
});

describe('cluster CA', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  it('accepts PEM and base64 PEM (DescribeCluster and kubeconfig data), nothing else', () => {
    expect(decodeCa(pem)).toBe(pem.trim());
    expect(decodeCa(Buffer.from(pem).toString('base64'))).toBe(pem);
    expect(decodeCa('XDeeiG5ylP6eTR7cNZtLvXmAYhwa2xLLEkKUR7vpe1SFQU5X')).toBeUndefined();
    expect(decodeCa('/etc/ssl/ca.pem')).toBeUndefined();
  });
  it('rejects a PEM block that is not a certificate', () => {
    expect(() => checkCaPem(pem, 'Input "cluster-ca"')).toThrow(
      'Input "cluster-ca" holds a certificate that does not parse',
    );
    expect(() => checkCaPem('nothing', 'The CA')).toThrow('The CA holds no PEM certificate');
  });
});

describe('kubeconfig and cluster-ca files', () => {
  const root = mkdtempSync(join(tmpdir(), 'eks-deploy-files-'));
  const workspace = join(root, 'workspace');
  const temp = join(root, 'runner-temp');
  const outside = join(root, 'elsewhere');
  for (const dir of [join(workspace, 'kube'), temp, outside]) mkdirSync(dir, { recursive: true });
  for (const dir of [join(workspace, 'kube'), temp, outside]) writeFileSync(join(dir, 'file'), 'x');
  // A link a pull request could add, leading out of the checkout.
  symlinkSync(outside, join(workspace, 'escape'));
  const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp };
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  /** The file input as the configuration holds it (the kubeconfig's path, or cluster-ca). */
  const fileOf = (input: 'kubeconfig' | 'cluster-ca', value: string, extra: Record<string, string> = {}) => {
    const c = config({ kubeconfig: 'kube/file', manifests: 'k8s', [input]: value, ...extra }, env);
    return input === 'kubeconfig' ? (c.cluster as { path: string }).path : c.caOverride;
  };
  const refusal = (input: 'kubeconfig' | 'cluster-ca', value: string) => refusalOf(() => fileOf(input, value), input);
  const where =
    ` outside the workspace (${workspace}) and RUNNER_TEMP (${temp}). Fix: give a path inside the workspace or ` +
    'RUNNER_TEMP, or set allow-paths-outside-workspace: true if a path outside them is meant.';

  describe.each(['kubeconfig', 'cluster-ca'] as const)('%s', (input) => {
    it('is resolved against the workspace, and may lie in RUNNER_TEMP', () => {
      expect(fileOf(input, 'kube/file')).toBe(join(workspace, 'kube/file'));
      expect(fileOf(input, join(temp, 'file'))).toBe(join(temp, 'file'));
    });

    it('is refused outside both, naming the input and the input that allows it', () => {
      const file = join(outside, 'file');
      expect(refusal(input, file)).toBe(`${input} ${JSON.stringify(file)} is${where}`);
      expect(refusal(input, '../elsewhere/file')).toBe(
        `${input} "../elsewhere/file" resolves to ${JSON.stringify(file)},${where}`,
      );
    });

    it('is refused when a symbolic link in the workspace leads out of it', () => {
      expect(refusal(input, 'escape/file')).toBe(
        `${input} "escape/file" resolves through a symbolic link to ${JSON.stringify(join(outside, 'file'))},${where}`,
      );
    });

    it('may lie anywhere with allow-paths-outside-workspace', () => {
      const allowed = { 'allow-paths-outside-workspace': 'true' };
      expect(fileOf(input, join(outside, 'file'), allowed)).toBe(join(outside, 'file'));
      expect(fileOf(input, 'escape/file', allowed)).toBe(join(workspace, 'escape/file'));
    });
  });

  it('takes cluster-ca PEM or base64 PEM text as given: no path to confine', () => {
    expect(fileOf('cluster-ca', pem)).toBe(pem.trim());
    expect(fileOf('cluster-ca', Buffer.from(pem).toString('base64'))).toBe(Buffer.from(pem).toString('base64'));
  });
});
