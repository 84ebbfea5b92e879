import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { authorizeWithKeys, staticKeysFor } from '../../src/ecr/keys-authorization.js';
import { parseTargets } from '../../src/targets/parse-targets.js';

const target = (line: string) => parseTargets([line], { repository: 'team/app', allowUnknownRegion: false })[0]!;
const ECR = target('123456789012/eu-west-1');
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret/key' };

/** A HOME without ~/.aws, so that only what a case sets decides. */
const home = () => mkdtempSync(join(tmpdir(), 'home-'));

describe('staticKeysFor: the keys in the environment, only where the SDK would sign with exactly them', () => {
  it('takes both keys, and the session token with them', () => {
    expect(staticKeysFor(ECR, { ...KEYS, AWS_SESSION_TOKEN: 'token', HOME: home() })).toEqual({
      accessKeyId: KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY,
      sessionToken: 'token',
    });
  });

  it.each([
    ['the target names a profile', target('123456789012/eu-west-1 profile=prod'), {}],
    ['AWS_PROFILE is set (the chain skips the environment)', ECR, { AWS_PROFILE: 'prod' }],
    ['the secret key is missing', ECR, { AWS_SECRET_ACCESS_KEY: '' }],
    ['AWS_ENDPOINT_URL_ECR would move the SDK client', ECR, { AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:1' }],
    ['FIPS endpoints are asked for', ECR, { AWS_USE_FIPS_ENDPOINT: 'true' }],
    ['a generic registry has no ECR token', target('ghcr.io'), {}],
  ])('says no when %s', (_case, which, env) => {
    expect(staticKeysFor(which, { ...KEYS, HOME: home(), ...env })).toBeUndefined();
  });

  it('keeps to ecr-endpoint= over an endpoint in the environment', () => {
    const local = target('123456789012/eu-west-1 ecr-endpoint=http://127.0.0.1:5000');
    expect(staticKeysFor(local, { ...KEYS, HOME: home(), AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:1' })).toBeDefined();
  });

  it("says no when the shared config has a [default] profile (its settings are the SDK's), not for named ones", () => {
    const dir = home();
    const file = join(dir, 'config');
    writeFileSync(file, '[profile prod]\nregion = eu-west-1\n');
    expect(staticKeysFor(ECR, { ...KEYS, HOME: dir, AWS_CONFIG_FILE: file })).toBeDefined();
    writeFileSync(file, '[profile prod]\nregion = eu-west-1\n\n[default]\nuse_fips_endpoint = true\n');
    expect(staticKeysFor(ECR, { ...KEYS, HOME: dir, AWS_CONFIG_FILE: file })).toBeUndefined();
  });
});

describe("authorizeWithKeys: its failures read as the SDK path's do", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  /** A local ECR stand-in answering every request with `status` and `body`; resolves with its endpoint. */
  async function answering(status: number, body: string, type = 'application/x-amz-json-1.1'): Promise<string> {
    server = createServer((_request, response) => response.writeHead(status, { 'content-type': type }).end(body));
    await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', () => listening()));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  const authorize = (endpoint: string) => {
    const local = target(`123456789012/eu-west-1 ecr-endpoint=${endpoint}`);
    const io = recordingRunner({});
    const keys = { accessKeyId: KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY };
    return authorizeWithKeys(local, keys, { io, env: { HOME: home() } });
  };

  it("names the registry and the call, and quotes none of a body that is not ECR's JSON", async () => {
    const endpoint = await answering(200, '<html>\n::warning::from a proxy page</html>', 'text/html');
    const failure = authorize(endpoint);
    await expect(failure).rejects.toThrow(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com: ecr:GetAuthorizationToken failed: the answer is not the ' +
        'document the service sends.',
    );
    await expect(failure).rejects.not.toThrow(/proxy page|warning/);
  });

  it('names the registry and the call for an error ECR answers', async () => {
    const endpoint = await answering(400, JSON.stringify({ __type: 'AccessDeniedException', message: 'no' }));
    await expect(authorize(endpoint)).rejects.toThrow(
      /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com: ecr:GetAuthorizationToken failed: AccessDeniedException/,
    );
  });
});
