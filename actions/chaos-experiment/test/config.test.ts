/** buildConfig: the inputs and environment as one checked configuration, before any effect. */
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, readInputs } from '@aws-delivery/action-kit';
import { buildConfig } from '../src/config.js';
import { inputSpec } from '../src/inputs.js';

function config(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return buildConfig(
    readInputs(
      inputSpec,
      (name) => inputs[name] ?? '',
      () => {},
    ),
    env,
  );
}

async function problem(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ConfigurationError> {
  try {
    await config(inputs, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('buildConfig accepted it');
}

const ENV = {
  AWS_REGION: 'eu-west-1',
  GITHUB_REPOSITORY: 'octo/shop',
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'verify',
  GITHUB_ACTION: 'chaos',
  GITHUB_WORKSPACE: '/home/runner/work/shop',
};

describe('buildConfig', () => {
  it('takes the region from AWS_REGION, the run identity from the runner, paths from the workspace', async () => {
    const built = await config({ 'template-id': 'EXT123', 'idempotency-key': 'eu' }, ENV);
    expect(built).toMatchObject({
      region: 'eu-west-1',
      availability: { kind: 'available', partition: { id: 'aws' } },
      template: { kind: 'id', id: 'EXT123' },
      run: { repository: 'octo/shop', runId: '77', runAttempt: '2', stepId: 'verify/chaos/eu' },
      reportFile: '/home/runner/work/shop/chaos-report.json',
      junitFile: '/home/runner/work/shop/chaos-junit.xml',
      network: { requestTimeoutMs: 30_000 },
    });
  });

  it('prefers the region input, and needs one from somewhere', async () => {
    expect((await config({ 'template-id': 'EXT1', region: 'us-gov-east-1' }, ENV)).availability).toMatchObject({
      kind: 'available',
      partition: { id: 'aws-us-gov' },
    });
    expect((await problem({ 'template-id': 'EXT1' })).input).toBe('region');
  });

  it('refuses aws-cn before looking at anything else (even a missing template)', async () => {
    const error = await problem({}, { AWS_REGION: 'cn-north-1' });
    expect(error.message).toMatch(/^AWS Fault Injection Service is not offered in /);
    expect(error.input).toBe('region');
  });

  it('skips in aws-cn when asked, and then reads no probes', async () => {
    const built = await config(
      { 'template-id': 'EXT1', 'unsupported-partition': 'skip', probes: 'not: [a list' },
      { AWS_REGION: 'cn-northwest-1' },
    );
    expect(built.availability.kind).toBe('skip');
    expect(built.probes).toEqual([]);
  });

  it('checks the timeout form, the alarm states and the tags here, naming the input', async () => {
    expect((await problem({ 'template-id': 'EXT1', timeout: 'soon' }, ENV)).input).toBe('timeout');
    expect((await problem({ 'template-id': 'EXT1', 'allow-alarm-states': 'OK' }, ENV)).input).toBe(
      'allow-alarm-states',
    );
    expect((await problem({ 'template-id': 'EXT1', tags: 'aws:owner=me' }, ENV)).input).toBe('tags');
    expect((await config({ 'template-id': 'EXT1', tags: 'team=a, cost=b' }, ENV)).tags).toEqual({
      team: 'a',
      cost: 'b',
    });
  });

  it('wants exactly one template source', async () => {
    expect((await problem({}, ENV)).message).toMatch(
      /^Give exactly one of template-id, template-tags or template-file; none/,
    );
    expect((await problem({ 'template-id': 'EXT1', 'template-file': 'x.yaml' }, ENV)).message).toMatch(
      /template-id and template-file are all set/,
    );
  });
});
