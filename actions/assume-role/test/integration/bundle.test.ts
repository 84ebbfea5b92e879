import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import {
  describeWithServices,
  findUnmaskedSecrets,
  simulateStep,
  startMoto,
  startSquid,
  type MotoService,
  type SquidService,
  type StepResult,
} from '@aws-delivery/testing';

// moto accepts any key pair and answers as account 123456789012; roles in other accounts get their own account.
const keys = {
  'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
  'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

/** Every secret value the step handled: the input keys and every credential it exported or wrote. */
function secretsIn(result: StepResult): string[] {
  const values = [keys['aws-secret-access-key'], result.env.AWS_SECRET_ACCESS_KEY, result.env.AWS_SESSION_TOKEN];
  const credentialsFile = result.env.AWS_SHARED_CREDENTIALS_FILE;
  if (credentialsFile && existsSync(credentialsFile)) {
    for (const match of readFileSync(credentialsFile, 'utf8').matchAll(
      /^aws_(?:secret_access_key|session_token) = (.+)$/gm,
    )) {
      values.push(match[1]);
    }
  }
  return values.filter((v): v is string => Boolean(v));
}

/** Secrets may appear only where the step is meant to put them: the exported AWS_* credential variables. */
function expectNoLeaks(result: StepResult, extra: string[] = []): void {
  const leaks = findUnmaskedSecrets(result, [...extra, ...secretsIn(result)]).filter(
    (appearance) =>
      !(appearance.place === 'env' && /^AWS_(SECRET_ACCESS_KEY|SESSION_TOKEN)$/.test(appearance.name ?? '')),
  );
  expect(leaks).toEqual([]);
}

describeWithServices(['moto', 'squid'], 'assume-role bundle against moto', () => {
  let moto: MotoService;
  let squid: SquidService;
  beforeAll(async () => {
    [moto, squid] = await Promise.all([startMoto(), startSquid()]);
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), squid?.stop()]);
  });
  beforeEach(async () => {
    await moto.reset();
  });

  const base = () => ({ 'aws-region': 'eu-west-1', 'sts-endpoint': moto.endpoint, ...keys });

  it.each(['node20', 'node24'] as const)(
    'assumes a role with static keys and exports it (%s), post blanks it',
    async (node) => {
      const result = await simulateStep({
        action: 'assume-role',
        node,
        inputs: { ...base(), 'role-to-assume': role('111111111111', 'deploy'), 'role-session-name': 'ci run/1' },
      });
      expect(result.exitCode).toBe(0);
      expect(result.outputs['aws-account-id']).toBe('111111111111');
      expect(result.outputs.arn).toBe('arn:aws:sts::111111111111:assumed-role/deploy/ci-run-1');
      expect(result.outputs.partition).toBe('aws');
      expect(Date.parse(result.outputs.expiration ?? '')).toBeGreaterThan(Date.now());
      expect(result.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      expect(result.env.AWS_REGION).toBe('eu-west-1');
      // Registered with the runner as soon as they arrived, so nothing later can print them.
      expect(result.masks).toEqual(
        expect.arrayContaining([
          result.env.AWS_ACCESS_KEY_ID,
          result.env.AWS_SECRET_ACCESS_KEY,
          result.env.AWS_SESSION_TOKEN,
        ]),
      );
      expect(result.stdout).toContain('Credential source: static.');
      expect(result.summary).toContain('assumed-role/deploy');
      expect(result.post?.exitCode).toBe(0);
      expect(result.post?.env.AWS_SECRET_ACCESS_KEY).toBe('');
      expect(result.post?.env.AWS_SESSION_TOKEN).toBe('');
      expectNoLeaks(result);
    },
  );

  it('walks a three-hop chain, ending in the last account', async () => {
    const result = await simulateStep({
      action: 'assume-role',
      inputs: {
        ...base(),
        'role-to-assume': role('111111111111', 'pipeline'),
        'role-chain': `${role('222222222222', 'shared')} external-id=abc\ndeployer session-name=prod`,
        'role-duration-seconds': 7200,
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.arn).toBe('arn:aws:sts::222222222222:assumed-role/deployer/prod');
    expect(result.stdout).toMatch(/Hop 1\/3: assuming arn:aws:iam::111111111111:role\/pipeline .* for 7200 s/);
    expect(result.stdout).toMatch(
      /Hop 3\/3: assuming arn:aws:iam::222222222222:role\/deployer as session prod for 3600 s/,
    );
    expect(result.stdout).toContain('Chained hops last at most 3600 s');
    expectNoLeaks(result);
  });

  it('uses the runner’s own credentials (ambient: the SDK provider chain, loaded on demand)', async () => {
    const result = await simulateStep({
      action: 'assume-role',
      env: { AWS_ACCESS_KEY_ID: keys['aws-access-key-id'], AWS_SECRET_ACCESS_KEY: keys['aws-secret-access-key'] },
      inputs: {
        'aws-region': 'eu-west-1',
        'sts-endpoint': moto.endpoint,
        'role-to-assume': role('777777777777', 'deploy'),
      },
    });
    expect(result.stdout).toContain('Credential source: ambient.');
    expect(result.exitCode).toBe(0);
    expect(result.outputs['aws-account-id']).toBe('777777777777');
  });

  it('uses a web identity token file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-'));
    const tokenFile = join(dir, 'token');
    const claims = Buffer.from(JSON.stringify({ sub: 'repo:org/app:ref:refs/heads/main', exp: 4102444800 })).toString(
      'base64url',
    );
    writeFileSync(tokenFile, `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`);
    const result = await simulateStep({
      action: 'assume-role',
      env: { RUNNER_TEMP: dir },
      inputs: {
        'aws-region': 'eu-west-1',
        'sts-endpoint': moto.endpoint,
        'web-identity-token-file': tokenFile,
        'role-to-assume': role('333333333333', 'oidc'),
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Credential source: web-identity-token-file.');
    expect(result.outputs['aws-account-id']).toBe('333333333333');
  });

  it('names web-identity-token-file when the token file is outside the workspace, missing, or too long a path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-'));
    const run = (tokenFile: string, extra: Record<string, string> = {}) =>
      simulateStep({
        action: 'assume-role',
        env: { RUNNER_TEMP: dir },
        inputs: {
          'aws-region': 'eu-west-1',
          'sts-endpoint': moto.endpoint,
          'web-identity-token-file': tokenFile,
          'role-to-assume': role('333333333333', 'oidc'),
          ...extra,
        },
      });
    const errorsOf = (result: StepResult) =>
      result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    const outside = await run('/etc/hostname');
    expect(outside.exitCode).toBe(1);
    expect(errorsOf(outside)).toEqual([
      expect.stringMatching(
        new RegExp(
          '^assume-role: web-identity-token-file "/etc/hostname" is outside the workspace \\([^()]+\\) and ' +
            `RUNNER_TEMP \\(${dir}\\)\\. Fix: give a path inside the workspace or RUNNER_TEMP, or set ` +
            'allow-paths-outside-workspace: true if a path outside them is meant\\.$',
        ),
      ),
    ]);
    const missing = await run(join(dir, 'no-token'));
    expect(errorsOf(missing)).toEqual([
      `assume-role: web-identity-token-file ${JSON.stringify(join(dir, 'no-token'))} does not exist.`,
    ]);
    const long = await run(join(dir, 't'.repeat(300)));
    expect(errorsOf(long)).toEqual([expect.stringContaining('is too long for a path (ENAMETOOLONG).')]);
    expect(errorsOf(long)[0]).toMatch(/^assume-role: web-identity-token-file "/);
  });

  it('writes named profiles to 0600 job-private files that the post step removes', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    let written:
      { credentials: string; config: string; mode: number[]; configText: string; sections: string[] } | undefined;
    const result = await simulateStep({
      action: 'assume-role',
      env: { RUNNER_TEMP: runnerTemp },
      inputs: {
        ...base(),
        'role-to-assume': role('111111111111', 'pipeline'),
        'export-env': false,
        profile: 'pipeline',
        profiles: 'test=arn:aws:iam::444444444444:role/deploy\nproduction=arn:aws:iam::555555555555:role/deploy',
        'allowed-account-ids': '111111111111, 444444444444, 555555555555',
      },
      // What main left on disk, looked at before the post step runs.
      beforePost: (main: StepResult) => {
        const credentials = main.env.AWS_SHARED_CREDENTIALS_FILE ?? '';
        const config = main.env.AWS_CONFIG_FILE ?? '';
        written = {
          credentials,
          config,
          mode: [statSync(credentials).mode & 0o777, statSync(config).mode & 0o777],
          configText: readFileSync(config, 'utf8'),
          sections: readFileSync(credentials, 'utf8').match(/^\[(\w+)\]$/gm) ?? [],
        };
        expectNoLeaks(main);
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(written?.credentials.startsWith(runnerTemp)).toBe(true);
    expect(written?.mode).toEqual([0o600, 0o600]);
    expect(written?.configText).toContain('[profile production]\nregion = eu-west-1');
    expect(written?.sections).toEqual(['[pipeline]', '[test]', '[production]']);
    expect(result.post?.exitCode).toBe(0);
    expect(existsSync(written?.credentials ?? '')).toBe(false);
    expect(existsSync(written?.config ?? '')).toBe(false);
    expect(result.post?.env.AWS_SHARED_CREDENTIALS_FILE).toBe('');
  });

  it('refuses credentials of an account outside allowed-account-ids and exports nothing', async () => {
    const result = await simulateStep({
      action: 'assume-role',
      inputs: { ...base(), 'role-to-assume': role('666666666666', 'deploy'), 'allowed-account-ids': '111111111111' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^assume-role: The final identity .*666666666666.* is not in allowed-account-ids \(111111111111\)/,
      ),
    ]);
    expect(result.env).toEqual({});
  });

  it('masks every account id in the log with mask-aws-account-id', async () => {
    const result = await simulateStep({
      action: 'assume-role',
      inputs: {
        ...base(),
        'role-to-assume': role('111111111111', 'pipeline'),
        'role-chain': role('222222222222', 'deployer'),
        'mask-aws-account-id': true,
      },
    });
    expect(result.exitCode).toBe(0);
    const shown = result.log.map((line) => line.shown ?? '');
    expect(shown).toContain('Hop 2/2: assuming arn:aws:iam::***:role/deployer as session GitHubActions for 3600 s');
    const logged = findUnmaskedSecrets(result, ['111111111111', '222222222222']).filter((a) => a.place !== 'output');
    expect(logged).toEqual([]);
  });

  it('fails fast on a mistyped China region, before any call', async () => {
    const result = await simulateStep({ action: 'assume-role', inputs: { ...base(), 'aws-region': 'cn-nort-1' } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Did you mean "cn-north-1" (partition aws-cn)?');
  });

  it('goes through Squid with basic auth, and never prints the proxy password', async () => {
    const before = (await squid.accessLog()).split('\n').length;
    const result = await simulateStep({
      action: 'assume-role',
      inputs: { ...base(), 'role-to-assume': role('111111111111', 'deploy'), 'http-proxy': squid.urlWithCredentials },
    });
    expect(result.exitCode).toBe(0);
    const log = (await squid.accessLog())
      .split('\n')
      .slice(before - 1)
      .join('\n');
    expect(log).toContain(`127.0.0.1:${new URL(moto.endpoint).port}`);
    expect(log).toContain(squid.username);
    expectNoLeaks(result, [squid.password]);
  });
});
