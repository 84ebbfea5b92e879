// request-timeout-seconds bounds each ECR API and registry API request: an endpoint that accepts the connection and
// never answers fails after it, naming the endpoint, instead of the SDK's and Node's own (minutes-long) defaults.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSilentServer, type SilentServer } from '@aws-delivery/testing';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { createEcrApi } from '../../src/ecr/ecr-api.js';
import { fetchManifest } from '../../src/registry/registry-api.js';
import { parseTargets } from '../../src/targets/parse-targets.js';

const keys = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

describe('request-timeout-seconds against a black-holed endpoint', () => {
  let silent: SilentServer;
  let saved: NodeJS.ProcessEnv;
  beforeEach(async () => {
    silent = await startSilentServer();
    saved = { ...process.env };
    Object.assign(process.env, keys);
  });
  afterEach(async () => {
    process.env = saved;
    await silent.close();
  });

  it('fails each ECR attempt after the request timeout, naming the endpoint', async () => {
    const [target] = parseTargets([`123456789012/eu-west-1 ecr-endpoint=${silent.url}`], {
      repository: 'team/service',
      allowUnknownRegion: false,
    });
    const io = recordingRunner();
    const ecr = createEcrApi({ io, requestTimeoutMs: 1_000 });
    const error = await ecr.authorization(target!).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      `No answer from 127.0.0.1:${silent.port} within the 1000 ms request timeout`,
    );
    // Every attempt was a connection that got no answer; the retries are the transport's, each under the limit.
    expect(silent.connections()).toBe(4);
    expect(io.lines('debug').join('\n')).toContain('request timeout 1000 ms');
  }, 30_000);

  it('fails a registry API request after the request timeout', async () => {
    const [target] = parseTargets([`127.0.0.1:${silent.port}`], {
      repository: 'team/service',
      allowUnknownRegion: false,
    });
    await expect(fetchManifest(target!, 'main', undefined, { requestTimeoutMs: 1_000 })).rejects.toThrow(
      `no response from 127.0.0.1:${silent.port} within 1000 ms`,
    );
  }, 30_000);
});
