// Every action's bundle run once through the runner simulator's act profile (the environment nektos/act gives a
// step; see actDefaults): each says, once, what differs under act, and no job summary is lost, since act never
// shows one. The cases are each bundle's own simulator cases, the cheapest that reach the action's work.
// Build first: node scripts/build.mjs --skip-typecheck
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createS3Bucket,
  describeWithServices,
  findUnmaskedSecrets,
  repoRoot,
  simulateStep,
  startDockerd,
  startFakeCloudFormation,
  startFakeGrafana,
  startMoto,
  startRegistry,
  type DockerdService,
  type FakeCloudFormation,
  type FakeGrafana,
  type MotoService,
  type RegistryService,
  type SimulateStepOptions,
  type StepResult,
} from '@aws-delivery/testing';
import { ACT_NOTICE } from '../../packages/action-kit/src/act.js';
import { RESOURCES, SECRETS } from '../../actions/grafana-provision/test/resources.js';
import { workspace as grafanaWorkspace, type Workspace } from '../../actions/grafana-provision/test/workspace.js';
import {
  keys as eksKeys,
  startTestCluster,
  type TestCluster,
} from '../../actions/eks-deploy/test/integration/cluster.js';
import { SERVICE_CONTEXT } from '../../actions/docker-build-push/test/support/step.js';
import {
  alarm,
  createTemplate,
  runEnv,
  startServices,
  templateBody,
  workspace as chaosWorkspace,
  type Services,
} from '../../actions/chaos-experiment/test/integration/harness.js';

const underAct = (options: SimulateStepOptions) => simulateStep({ timeoutMs: 60_000, ...options, runner: 'act' });

/** What every step shows under act: the notice, once, and its summary (if it wrote one) in the log too. */
function expectActBehaviour(result: StepResult): void {
  expect(result.annotations.filter((a) => a.level === 'notice' && a.message === ACT_NOTICE)).toHaveLength(1);
  if (result.summary.trim() === '') return;
  const shown = result.log.map((line) => line.shown);
  const header = shown.indexOf('Job summary (act does not show job summaries, so it is logged here):');
  expect(header).toBeGreaterThanOrEqual(0);
  const logged = shown.slice(header + 1, header + 1 + result.summary.trimEnd().split('\n').length);
  // As the runner shows them: masked, and neutralised where a line looked like a workflow command.
  expect(logged.map((line) => line?.replace(/\u200b/g, ''))).toEqual(result.summary.trimEnd().split('\n'));
}

const errorOf = (result: StepResult) => result.annotations.find((a) => a.level === 'error')?.message;

describe('the bundles under act, with no local services', () => {
  it('hello-world: greets, and logs its summary as well as writing it', async () => {
    const result = await underAct({ action: 'hello-world', inputs: { who: 'Ada' } });
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
    expect(result.summary).toContain('| Ada | Hello, Ada! |');
    expectActBehaviour(result);
  });

  it('hello-world under act before v0.2.43 (no GITHUB_STEP_SUMMARY): the summary is logged, not lost', async () => {
    const result = await underAct({
      action: 'hello-world',
      inputs: { who: 'Ada' },
      env: { GITHUB_STEP_SUMMARY: undefined },
    });
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success', summary: '' });
    expect(result.stdout).toContain(
      'Job summary (GITHUB_STEP_SUMMARY is not set, so it is logged here):\n## Hello world\n',
    );
    expect(result.stdout).toContain('| Ada | Hello, Ada! |');
  });

  it('assume-role: asked for OIDC, says act has none and how to pass static keys', async () => {
    const result = await underAct({
      action: 'assume-role',
      inputs: { 'aws-region': 'eu-west-1', 'role-to-assume': 'arn:aws:iam::111111111111:role/deploy' },
    });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toContain('GitHub OIDC is not available under act');
    expect(errorOf(result)).toContain('act -s AWS_ACCESS_KEY_ID -s AWS_SECRET_ACCESS_KEY');
    expectActBehaviour(result);
  });

  it('tfsec-gate: gates a SARIF results file, and logs the report it summarises', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'act-tfsec-'));
    const sarif = join(repoRoot, 'packages/testing/fixtures/scanners/trivy/config-sarif-report-report.sarif');
    copyFileSync(sarif, join(dir, 'scan.sarif'));
    const result = await underAct({
      action: 'tfsec-gate',
      workspace: dir,
      inputs: { 'results-file': 'scan.sarif', 'fail-on': 'medium' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ 'high-count': '5', 'medium-count': '1' });
    expect(result.summary).toContain('pie title Findings by severity');
    expectActBehaviour(result);
  });

  it('docker-build-push: names the missing required input, after the notice', async () => {
    const result = await underAct({ action: 'docker-build-push', inputs: { repository: 'shop/web' } });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toContain('registries');
    expectActBehaviour(result);
  });

  it('china-region-deploy: refuses a mistyped China region before any call, after the notice', async () => {
    const result = await underAct({
      action: 'china-region-deploy',
      inputs: { template: 'template.yaml', 'stack-name': 'web', bucket: 'b', region: 'cn-nort-1' },
    });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toContain('cn-nort-1');
    expectActBehaviour(result);
  });
});

describe('grafana-provision under act, against the fake Grafana', () => {
  let fake: FakeGrafana;
  let ws: Workspace;
  beforeAll(async () => {
    fake = await startFakeGrafana({ version: '11.6', basicAuth: { user: 'admin', password: 'act-bootstrap' } });
    ws = grafanaWorkspace(RESOURCES);
  });
  afterAll(async () => {
    await fake?.stop();
    ws?.remove();
  });

  it('applies the dashboards, and logs the plan it summarises', async () => {
    const result = await underAct({
      action: 'grafana-provision',
      workspace: ws.dir,
      inputs: {
        'grafana-url': fake.url,
        username: 'admin',
        password: 'act-bootstrap',
        secrets: Object.entries(SECRETS)
          .map(([name, value]) => `${name}=${value}`)
          .join('\n'),
      },
    });
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
    expect(result.summary).toContain('| dashboard | Payments API | create |');
    expectActBehaviour(result);
  });
});

describeWithServices(['moto'], 'chaos-experiment under act, against the fake FIS and moto', () => {
  let services: Services;
  beforeAll(async () => {
    services = await startServices(300);
  }, 90_000);
  afterAll(async () => {
    await services?.stop();
  });

  it('runs a short experiment, and logs the timeline it summarises', async () => {
    const alarmArn = await alarm(services.moto, 'act-5xx', 'OK');
    const templateId = await createTemplate(
      services.fis,
      templateBody({ inject: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } }, [
        { source: 'aws:cloudwatch:alarm', value: alarmArn },
      ]),
    );
    const dir = chaosWorkspace();
    const result = await underAct({
      action: 'chaos-experiment',
      workspace: dir,
      inputs: {
        'template-id': templateId,
        'fis-endpoint': services.fis.url,
        'cloudwatch-endpoint': services.moto.endpoint,
      },
      env: runEnv('3001', dir),
    });
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
    expect(result.outputs.state).toBe('completed');
    expect(result.summary).toContain('gantt');
    expectActBehaviour(result);
  });
});

describeWithServices(['moto', 'openssl'], 'eks-deploy under act, against moto and the fake Kubernetes API', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('deploys, and logs the rollout it summarises', async () => {
    const result = await underAct({
      action: 'eks-deploy',
      workspace: cluster.workspace,
      inputs: {
        ...cluster.access,
        manifests: 'k8s/*.yaml',
        namespace: 'under-act',
        'create-namespace': 'true',
        images: 'registry.example.internal:5000/shop/web:1.0.1',
      },
      env: { ...eksKeys, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
    expect(result.outputs['strategy-state']).toBe('deployed');
    expect(result.summary).toContain('```mermaid');
    expectActBehaviour(result);
  });
});

describeWithServices(['moto'], 'china-region-deploy under act, against moto’s S3 and the fake CloudFormation', () => {
  const keys = { accessKeyId: 'AKIDCHINAUNDERACT', secretAccessKey: 'china-under-act-secret' };
  let moto: MotoService;
  let cloudFormation: FakeCloudFormation;
  let dir: string;
  beforeAll(async () => {
    moto = await startMoto();
    // Every poll finishes what is under way, so the bundle's wait between polls is never needed.
    cloudFormation = await startFakeCloudFormation({ credentials: [keys], ticksPerPoll: 100 });
    await createS3Bucket(moto.endpoint, 'act-artifacts-cn', 'cn-north-1', keys);
    dir = mkdtempSync(join(tmpdir(), 'act-china-'));
    cpSync(join(repoRoot, 'actions/china-region-deploy/test/fixtures/sample-app'), dir, { recursive: true });
  });
  afterAll(async () => {
    await cloudFormation?.stop();
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('packages and deploys the sample to cn-north-1, and logs the summary it writes', async () => {
    const result = await underAct({
      action: 'china-region-deploy',
      workspace: dir,
      inputs: {
        template: 'template.yaml',
        'stack-name': 'under-act',
        region: 'cn-north-1',
        bucket: 'act-artifacts-cn',
        capabilities: 'CAPABILITY_IAM',
        'access-key-id': keys.accessKeyId,
        'secret-access-key': keys.secretAccessKey,
        'cloudformation-endpoint': cloudFormation.endpoint,
        's3-endpoint': moto.endpoint,
      },
    });
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
    expect(result.outputs.status).toBe('CREATE_COMPLETE');
    expect(result.outputs.FunctionArn).toMatch(/^arn:aws-cn:lambda:cn-north-1:/);
    expect(result.summary).toContain('| under-act | cn-north-1 | aws-cn | deployed | 2 | 3 |');
    expect(result.summary).toContain('| Add | Function | AWS::Lambda::Function | — |');
    expect(cloudFormation.stack('cn-north-1', 'under-act')?.status).toBe('CREATE_COMPLETE');
    expectActBehaviour(result);
  });
});

describeWithServices(['dockerd', 'registry'], 'docker-build-push under act, with dockerd and a local registry', () => {
  let dockerd: DockerdService;
  let registry: RegistryService;
  beforeAll(async () => {
    [dockerd, registry] = await Promise.all([startDockerd(), startRegistry()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([dockerd?.stop(), registry?.stop()]);
  }, 60_000);

  it('builds and pushes the image by digest, and logs the summary it writes', async () => {
    const result = await underAct({
      action: 'docker-build-push',
      timeoutMs: 180_000,
      // The action builds only a context inside the workspace: the sample service is the checkout.
      workspace: SERVICE_CONTEXT,
      inputs: {
        registries: `${registry.host} username=${registry.username} password-env=REGISTRY_PASSWORD`,
        repository: 'shop/web',
        context: '.',
        'builder-path': dockerd.docker.path,
        scan: 'off',
      },
      env: { ...dockerd.env, REGISTRY_PASSWORD: registry.password },
    });
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result).toMatchObject({ exitCode: 0, outcome: 'success' });
    const digest = result.outputs.digest ?? '';
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs['image-uris']).toBe(`${registry.host}/shop/web@${digest}`);
    expect(result.summary).toContain(`${registry.host}/shop/web@${digest}`);
    expect(findUnmaskedSecrets(result, [registry.password])).toEqual([]);
    expectActBehaviour(result);
  }, 200_000);
});

it('has a case for every action in the repository', () => {
  const cases = new Set(
    [...readFileSync(new URL(import.meta.url), 'utf8').matchAll(/action: '([a-z-]+)'/g)].map((m) => m[1]),
  );
  const actions = readdirSync(join(repoRoot, 'actions')).filter((name) =>
    existsSync(join(repoRoot, 'actions', name, 'action.yml')),
  );
  expect([...cases].sort()).toEqual(actions.sort());
});
