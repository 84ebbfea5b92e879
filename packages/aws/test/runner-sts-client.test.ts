import { describe, expect, it } from '@jest/globals';
import { configuredStsEndpoint, createRunnerStsClient } from '../src/sts/runner-sts-client.js';

// https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html: the service-specific variable first,
// then the global one; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns both off.
describe('configuredStsEndpoint', () => {
  it.each([
    [{}, undefined],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }, { name: 'AWS_ENDPOINT_URL', value: 'http://127.0.0.1:5000' }],
    [
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_ENDPOINT_URL_STS: 'https://sts.internal:8443' },
      { name: 'AWS_ENDPOINT_URL_STS', value: 'https://sts.internal:8443' },
    ],
    [{ AWS_ENDPOINT_URL: '  ', AWS_ENDPOINT_URL_STS: '' }, undefined],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' }, undefined],
    [
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      { name: 'AWS_ENDPOINT_URL', value: 'http://127.0.0.1:5000' },
    ],
  ])('%j gives %j', (env, expected) => {
    expect(configuredStsEndpoint(env)).toEqual(expected);
  });
});

describe('createRunnerStsClient', () => {
  const quiet = { log: () => {} };

  it('talks to the endpoint the environment configures, or else the regional STS endpoint', () => {
    const configured = createRunnerStsClient({
      region: 'cn-north-1',
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' },
      ...quiet,
    });
    const regional = createRunnerStsClient({ region: 'cn-north-1', env: {}, ...quiet });
    try {
      expect(configured.endpoint).toBe('http://127.0.0.1:5000');
      expect(regional.endpoint).toBe('https://sts.cn-north-1.amazonaws.com.cn');
    } finally {
      configured.destroy();
      regional.destroy();
    }
  });

  it('lets an explicit endpoint win, and names the variable when the configured one is not a URL', () => {
    const explicit = createRunnerStsClient({
      region: 'us-east-1',
      endpoint: 'https://vpce-0abc.sts.us-east-1.vpce.amazonaws.com',
      env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:5000' },
      ...quiet,
    });
    explicit.destroy();
    expect(explicit.endpoint).toBe('https://vpce-0abc.sts.us-east-1.vpce.amazonaws.com');
    expect(() =>
      createRunnerStsClient({ region: 'us-east-1', env: { AWS_ENDPOINT_URL_STS: 'not a url' }, ...quiet }),
    ).toThrow('AWS_ENDPOINT_URL_STS "not a url" is not a URL');
  });
});
