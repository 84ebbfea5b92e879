// The ECR effects against a real moto server: repositories, tokens, immutable tags, profiles and the scan gate.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import { describeWithServices, startMoto, type MotoService } from '@aws-delivery/testing';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { createEcrApi } from '../../src/ecr/ecr-api.js';
import { prepareRepositories } from '../../src/ecr/prepare-repositories.js';
import { parseAllowList } from '../../src/scan/allow-list.js';
import { runScanGate } from '../../src/scan/scan-gate.js';
import { parseTargets } from '../../src/targets/parse-targets.js';

/** The log and masks of calls whose output these tests do not check. */
const quiet = recordingRunner();

const keys = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const settings = { scanOnPush: true, tagMutability: 'IMMUTABLE' as const, encryption: 'AES256' as const };
const manifest = (layer: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 100,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 20,
        digest: `sha256:${layer.repeat(64)}`,
      },
    ],
  });

describeWithServices(['moto'], 'docker-build-push ECR calls against moto', () => {
  let moto: MotoService;
  let saved: NodeJS.ProcessEnv;
  let raw: ECRClient;
  beforeAll(async () => {
    moto = await startMoto();
    saved = { ...process.env };
    Object.assign(process.env, keys);
    raw = new ECRClient({
      region: 'eu-west-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY },
    });
  });
  afterAll(async () => {
    process.env = saved;
    raw?.destroy();
    await moto?.stop();
  });
  const target = (line: string, repository = 'team/app') =>
    parseTargets([`${line} ecr-endpoint=${moto.endpoint}`], { repository, allowUnknownRegion: false })[0]!;

  it('decodes the authorization token into a login', async () => {
    const io = recordingRunner();
    const credentials = await createEcrApi({ io }).authorization(target('123456789012/eu-west-1'));
    expect(credentials).toMatchObject({ username: 'AWS', password: '123456789012-auth-token' });
    // Both the token and the password in it are masked before anything could print them.
    const token = Buffer.from('AWS:123456789012-auth-token').toString('base64');
    expect(io.recorded.masks).toEqual([token, '123456789012-auth-token']);
    expect(io.lines('debug')).toContain(`AWS requests to ${new URL(moto.endpoint).host} go direct.`);
  });

  it('creates a missing repository with its settings and lifecycle policy, once', async () => {
    const api = createEcrApi({ io: quiet });
    const t = target('123456789012/eu-west-1', 'team/created');
    const policy = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
          action: { type: 'expire' },
        },
      ],
    });
    const [first] = await prepareRepositories(
      [t],
      ['1'],
      api,
      { ...settings, lifecyclePolicy: policy },
      true,
      quiet.log,
    );
    expect(first).toMatchObject({ created: true, immutable: true });
    const described = await raw.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/created'] }));
    expect(described.repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    const lifecycle = await raw.send(new GetLifecyclePolicyCommand({ repositoryName: 'team/created' }));
    expect(JSON.parse(lifecycle.lifecyclePolicyText ?? '{}')).toEqual(JSON.parse(policy));
    const [second] = await prepareRepositories([t], ['1'], api, settings, true, quiet.log);
    expect(second?.created).toBe(false);
  });

  it('leaves an existing repository unchanged and finds tags that must be skipped', async () => {
    await raw.send(new CreateRepositoryCommand({ repositoryName: 'team/existing', imageTagMutability: 'IMMUTABLE' }));
    await raw.send(
      new PutImageCommand({
        repositoryName: 'team/existing',
        imageManifest: manifest('a'),
        imageTag: 'v1',
        imageDigest: `sha256:${'1'.repeat(64)}`,
      }),
    );
    const io = recordingRunner();
    const prepared = await prepareRepositories(
      [target('123456789012/eu-west-1', 'team/existing')],
      ['v1', 'v2'],
      createEcrApi({ io }),
      settings,
      true,
      io.log,
    );
    expect(prepared[0]?.created).toBe(false);
    expect([...prepared[0]!.existing]).toEqual([['v1', `sha256:${'1'.repeat(64)}`]]);
    const notices = io.lines('notice');
    expect(notices[0]).toMatch(
      /^The repository team\/existing in 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com exists and is left unchanged: scan on push is/,
    );
    expect(notices[1]).toMatch(
      /^Skipping the tag v1 .* already exists there as sha256:1{64} and the repository's tags are immutable/,
    );
    expect(notices).toHaveLength(2);
  });

  it('refuses a missing repository when it may not create one', async () => {
    await expect(
      prepareRepositories(
        [target('123456789012/eu-west-1', 'team/absent')],
        ['1'],
        createEcrApi({ io: quiet }),
        settings,
        false,
        quiet.log,
      ),
    ).rejects.toThrow(
      /The repository team\/absent does not exist in 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com/,
    );
  });

  it('takes a China target’s credentials from its named profile only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(dir, 'config'), '[profile china]\nregion = cn-north-1\n');
    writeFileSync(
      join(dir, 'credentials'),
      `[china]\naws_access_key_id = AKIACHINAEXAMPLE0001\naws_secret_access_key = ${'s'.repeat(40)}\n`,
    );
    const before = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    try {
      const china = target('123456789012/cn-north-1 profile=china', 'team/china');
      expect(china.registryHost).toBe('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
      const [prepared] = await prepareRepositories(
        [china],
        ['1'],
        createEcrApi({ io: quiet }),
        settings,
        true,
        quiet.log,
      );
      expect(prepared?.created).toBe(true);
      const missing = target('123456789012/cn-north-1 profile=nobody', 'team/china');
      await expect(createEcrApi({ io: quiet }).authorization(missing)).rejects.toThrow(/profile nobody/);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = before.id;
      process.env.AWS_SECRET_ACCESS_KEY = before.secret;
      delete process.env.AWS_CONFIG_FILE;
      delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    }
  });

  it('waits for the scan, starts it, and gates on moto’s HIGH finding with SARIF', async () => {
    await raw.send(new CreateRepositoryCommand({ repositoryName: 'team/scanned' }));
    const digest = `sha256:${'2'.repeat(64)}`;
    await raw.send(
      new PutImageCommand({
        repositoryName: 'team/scanned',
        imageManifest: manifest('b'),
        imageTag: 'v1',
        imageDigest: digest,
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'sarif-'));
    const t = target('123456789012/eu-west-1', 'team/scanned');
    const wait = {
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
      now: () => Date.now(),
      log: () => undefined,
    };
    const context = { dockerfile: 'svc/Dockerfile', today: '2026-05-01', defaultSarifFile: join(dir, 'scan.sarif') };
    const scan = (failOn: 'high' | 'critical', allow = '') =>
      runScanGate(
        [t],
        digest,
        { mode: 'first', failOn, allowList: parseAllowList(allow, 'scan-allow-list'), timeoutSeconds: 30 },
        context,
        createEcrApi({ io: quiet }),
        wait,
        quiet.log,
      );
    const failed = await scan('high');
    expect(failed.result).toBe('failed');
    expect(failed.verdict?.failing.map((f) => [f.ruleId, f.severity, f.resource])).toEqual([
      ['CVE-9999-9999', 'high', 'moto_fake 9.9.9'],
    ]);
    const sarif = JSON.parse(readFileSync(join(dir, 'scan.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: 'CVE-9999-9999',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'svc/Dockerfile' } } }],
    });
    expect((await scan('critical')).result).toBe('passed');
    expect((await scan('high', 'CVE-9999-9999 until=2026-12-31 reviewed')).result).toBe('passed');
    const expired = await scan('high', 'CVE-9999-9999 until=2026-04-30 reviewed');
    expect(expired.result).toBe('failed');
    expect(expired.verdict?.expired.map((e) => e.until)).toEqual(['2026-04-30']);
  });

  it('times out clearly when ECR never lists the image', async () => {
    const t = target('123456789012/eu-west-1', 'team/scanned');
    const wait = {
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
      now: () => Date.now(),
      log: () => undefined,
    };
    await expect(
      runScanGate(
        [t],
        `sha256:${'9'.repeat(64)}`,
        { mode: 'all', failOn: 'high', allowList: [], timeoutSeconds: 1 },
        { dockerfile: 'D', today: '2026-01-01', defaultSarifFile: join(tmpdir(), 'x.sarif') },
        createEcrApi({ io: quiet }),
        wait,
        quiet.log,
      ),
    ).rejects.toThrow(/Waited 1 s for ECR to list the pushed image/);
  });
});
