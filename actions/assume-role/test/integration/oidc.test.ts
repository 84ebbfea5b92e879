import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import {
  createTestCa,
  describeWithServices,
  findUnmaskedSecrets,
  simulateStep,
  startMoto,
  type MotoService,
} from '@aws-delivery/testing';

const REQUEST_TOKEN = 'runner-request-token-0123456789';

/** A stand-in for the runner's OIDC token service: checks the bearer, answers a JWT for the requested audience. */
function tokenService(ca: ReturnType<typeof createTestCa>) {
  const requests: { audience: string | null; authorized: boolean }[] = [];
  const issued: string[] = [];
  const leaf = ca.issue(['localhost', '127.0.0.1']);
  const server: Server = createServer(
    { cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const authorized = req.headers.authorization === `Bearer ${REQUEST_TOKEN}`;
      requests.push({ audience: url.searchParams.get('audience'), authorized });
      if (!authorized) {
        res.writeHead(401).end();
        return;
      }
      const claims = {
        sub: 'repo:org/app:environment:production',
        aud: url.searchParams.get('audience'),
        repository: 'org/app',
        ref: 'refs/heads/main',
        environment: 'production',
        exp: Math.floor(Date.now() / 1000) + 300,
      };
      const jwt = ['{"alg":"RS256"}', JSON.stringify(claims), 'signature']
        .map((part) => Buffer.from(part).toString('base64url'))
        .join('.');
      issued.push(jwt);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt }));
    },
  );
  return { server, requests, issued };
}

describeWithServices(['moto', 'openssl'], 'assume-role with GitHub OIDC (local token service, moto STS)', () => {
  let moto: MotoService;
  let service: ReturnType<typeof tokenService>;
  let caPath: string;
  let url: string;

  beforeAll(async () => {
    const ca = createTestCa(join(mkdtempSync(join(tmpdir(), 'oidc-')), 'ca'));
    caPath = ca.caCertPath;
    service = tokenService(ca);
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    const address = service.server.address();
    url = `https://localhost:${typeof address === 'object' && address ? address.port : 0}/token?api-version=2.0`;
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
    await new Promise((resolve) => service?.server.close(resolve));
  });
  beforeEach(() => {
    service.requests.length = 0;
  });

  const runner = () => ({
    RUNNER_ENVIRONMENT: 'github-hosted',
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
  });

  it('asks for the China audience in aws-cn and assumes the role with the token, masking it', async () => {
    const result = await simulateStep({
      action: 'assume-role',
      env: runner(),
      inputs: {
        'aws-region': 'cn-north-1',
        'sts-endpoint': moto.endpoint,
        'ca-bundle': caPath,
        'role-to-assume': 'arn:aws-cn:iam::111111111111:role/github-deploy',
      },
    });
    expect(result.stdout).toContain('Credential source: oidc.');
    expect(result.exitCode).toBe(0);
    expect(service.requests).toEqual([{ audience: 'sts.amazonaws.com.cn', authorized: true }]);
    expect(result.outputs.partition).toBe('aws-cn');
    expect(result.outputs['aws-account-id']).toBe('111111111111');
    expect(findUnmaskedSecrets(result, [...service.issued, REQUEST_TOKEN])).toEqual([]);
  });

  it('writes the token to a 0600 file and exports it with the role in refreshable mode', async () => {
    let mode = 0;
    const result = await simulateStep({
      action: 'assume-role',
      env: runner(),
      inputs: {
        'aws-region': 'eu-west-1',
        'sts-endpoint': moto.endpoint,
        'ca-bundle': caPath,
        'role-to-assume': 'arn:aws:iam::111111111111:role/github-deploy',
        refreshable: true,
      },
      beforePost: async (main) => {
        const { statSync } = await import('node:fs');
        mode = statSync(main.env.AWS_WEB_IDENTITY_TOKEN_FILE ?? '').mode & 0o777;
      },
    });
    expect(result.exitCode).toBe(0);
    expect(service.requests[0]?.audience).toBe('sts.amazonaws.com');
    expect(mode).toBe(0o600);
    expect(result.env.AWS_ROLE_ARN).toBe('arn:aws:iam::111111111111:role/github-deploy');
    expect(result.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(result.post?.env.AWS_WEB_IDENTITY_TOKEN_FILE).toBe('');
  });

  it('explains the missing id-token permission on a GitHub-hosted runner', async () => {
    const result = await simulateStep({
      action: 'assume-role',
      env: { RUNNER_ENVIRONMENT: 'github-hosted' },
      inputs: { 'aws-region': 'eu-west-1', 'role-to-assume': 'arn:aws:iam::111111111111:role/github-deploy' },
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(
      /^assume-role: This job cannot request a GitHub OIDC token.*Hint: add to the job.*id-token: write/,
    );
  });
});
