// Demo stage "monitor": the pipeline's Grafana step from the bundle. The token is read from Secrets Manager (the
// local AWS emulator), the Prometheus data source, the shop-web dashboard and its alert rule (demo/grafana) land in
// the Shop/Prod folder of a fake Grafana 11.6, the deploy is annotated (closed by the post step), and the plan table
// is shown; a second run shows that nothing changes.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@aws-delivery/aws/signing';
import { simulateStep, startFakeGrafana } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

const root = new URL('../..', import.meta.url).pathname;
const REGION = 'eu-west-1';
// The emulator accepts any key pair; in a workflow these come from the assume-role step.
const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** Stores the Grafana token as the pipeline this replaces did: a JSON secret in Secrets Manager. */
async function storeToken(endpoint: string, name: string, token: string): Promise<void> {
  const url = new URL(`${endpoint}/`);
  const body = JSON.stringify({ Name: name, SecretString: JSON.stringify({ token }) });
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'secretsmanager.CreateSecret',
  };
  const credentials = { accessKeyId: KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY };
  Object.assign(
    headers,
    signRequest({ method: 'POST', url, headers, body, service: 'secretsmanager', region: REGION, credentials }),
  );
  const answer = await fetch(url, { method: 'POST', headers, body });
  if (answer.status !== 200) throw new Error(`CreateSecret answered ${answer.status}: ${await answer.text()}`);
}

export async function demo(context: DemoContext): Promise<StageResult> {
  const aws = await context.aws();
  const grafana = await startFakeGrafana({ version: '11.6' });
  context.onStop(() => grafana.stop());
  await storeToken(aws.endpoint, 'shop/grafana', grafana.createServiceAccountToken({ name: 'pipeline' }).key);

  const workspace = mkdtempSync(join(tmpdir(), 'demo-grafana-provision-'));
  context.onStop(async () => rmSync(workspace, { recursive: true, force: true }));
  cpSync(join(root, 'demo/grafana'), join(workspace, 'grafana'), { recursive: true });
  const provision = (annotate: boolean) =>
    simulateStep({
      action: 'grafana-provision',
      workspace,
      inputs: {
        'grafana-url': grafana.url,
        'token-secret-id': 'shop/grafana',
        'token-secret-key': 'token',
        'aws-region': REGION,
        'secrets-manager-endpoint': aws.endpoint,
        secrets: 'PROMETHEUS_PASSWORD=demo-prometheus-password',
        annotate,
        'annotation-tags': 'service:shop-web,env:prod,version:1.4.0',
      },
      env: { ...KEYS, GITHUB_SHA: 'demo0001', GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '17' },
      timeoutMs: 60_000,
    });

  const first = await provision(true);
  const second = await provision(false);
  const table = first.summary
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => `  ${line}`);
  const annotation = grafana.store.annotations.get(Number(first.outputs['annotation-id']));
  const dashboard = grafana.store.dashboards.get('shop-web');
  const folder = grafana.store.folders.get(dashboard?.folderUid ?? '');
  return {
    ok:
      first.exitCode === 0 &&
      first.post?.exitCode === 0 &&
      second.exitCode === 0 &&
      second.outputs.changed === 'false' &&
      (annotation?.timeEnd ?? 0) >= (annotation?.time ?? Infinity),
    lines: [
      first.stdout.split('\n').find((line) => line.startsWith('Grafana ')) ?? '(no version line)',
      `first run → exit ${first.exitCode}: ${first.outputs.created} created; plan:`,
      ...table,
      `dashboard shop-web in folder ${grafana.store
        .ancestors(folder?.uid ?? '')
        .map((f) => f.title)
        .concat(folder?.title ?? '?')
        .join('/')}: ${first.outputs['dashboard-urls']}`,
      `deploy annotation ${first.outputs['annotation-id']} tagged ${annotation?.tags.join(', ')}; post step: ${first.post?.stdout.trim().split('\n').at(-1) ?? 'did not run'}`,
      `second run → exit ${second.exitCode}: ${second.outputs.unchanged} unchanged, changed=${second.outputs.changed}`,
    ],
    outputs: first.outputs,
    summary: [first.summary, second.summary].join('\n'),
  };
}
