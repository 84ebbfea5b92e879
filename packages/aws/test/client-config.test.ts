import { describe, expect, it } from '@jest/globals';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { AwsHttpHandler } from '../src/transport/sdk-http-handler.js';
import { awsClientConfig, createClient } from '../src/transport/sdk-client-config.js';
import { validateEndpoint } from '../src/names/custom-endpoint.js';
import type { AwsClientOptions } from '../src/transport/settings.js';

const quiet = { env: {}, log: () => {} };

function failure(options: AwsClientOptions): ConfigurationError {
  try {
    awsClientConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('awsClientConfig', () => {
  it('gives a config any SDK v3 client accepts, with our handler and retry strategy', async () => {
    const config = awsClientConfig({ region: 'cn-northwest-1', ...quiet });
    const client = new STSClient(config);
    try {
      expect(await client.config.region()).toBe('cn-northwest-1');
      expect(client.config.requestHandler).toBe(config.requestHandler);
      expect(client.config.requestHandler).toBeInstanceOf(AwsHttpHandler);
      expect(await client.config.retryStrategy()).toBe(config.retryStrategy);
      expect(await client.config.maxAttempts()).toBe(4);
      const endpoint = await client.config.endpointProvider({ Region: 'cn-northwest-1', UseGlobalEndpoint: false });
      expect(endpoint.url.hostname).toBe('sts.cn-northwest-1.amazonaws.com.cn');
    } finally {
      client.destroy();
    }
  });

  it('builds a client with createClient, passing client-specific settings through', async () => {
    const client = createClient(
      STSClient,
      { region: 'us-gov-west-1', maxAttempts: 2, ...quiet },
      { useFipsEndpoint: true },
    );
    try {
      expect(await client.config.region()).toBe('us-gov-west-1');
      expect(await client.config.maxAttempts()).toBe(2);
      expect(await client.config.useFipsEndpoint()).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('fails on a mistyped region before any request, unlike the SDK', () => {
    const error = failure({ region: 'cn-nort-1', ...quiet });
    expect(error.message).toContain('Did you mean "cn-north-1" (partition aws-cn)?');
    expect(error.input).toBe('aws-region');
    expect(failure({ region: 'eu-west-9', ...quiet, inputNames: { region: 'region' } }).input).toBe('region');
    expect(awsClientConfig({ region: 'eu-west-9', allowUnknownRegion: true, ...quiet }).region).toBe('eu-west-9');
  });

  it.each([
    [{ endpoint: 'ftp://moto:5000' }, 'endpoint', 'uses ftp'],
    [{ endpoint: 'localhost:5000' }, 'endpoint', 'uses localhost'],
    [{ endpoint: 'not a url' }, 'endpoint', 'is not a URL'],
    [{ endpoint: 'https://vpce.example?x=1' }, 'endpoint', 'has a query or fragment'],
    [{ requestTimeoutMs: 0 }, 'request timeout (ms)', 'must be a whole number from 1 to'],
    [{ connectTimeoutMs: 1.5 }, 'connect timeout (ms)', 'must be a whole number from 1 to'],
    [{ maxAttempts: 0 }, 'max-attempts', 'must be a whole number from 1 to 20'],
    [{ maxAttempts: 99 }, 'max-attempts', 'must be a whole number from 1 to 20'],
    [{ caBundle: '/nonexistent/ca.pem' }, 'ca-bundle', 'does not exist'],
    [{ proxy: 'socks5://p:1080' }, 'http-proxy', 'only http:// and https:// proxies'],
    [{ env: { HTTPS_PROXY: 'socks://p:1' } }, 'HTTPS_PROXY', 'only http:// and https:// proxies'],
    [{ env: { AWS_CA_BUNDLE: '/nonexistent/env.pem' } }, 'AWS_CA_BUNDLE', 'does not exist'],
  ] as const)('rejects %j (input %s)', (options, input, rule) => {
    const error = failure({ region: 'us-east-1', ...quiet, ...options });
    expect(error.input).toBe(input);
    expect(error.message).toContain(rule);
  });

  it('never quotes credentials from an endpoint URL', () => {
    const error = failure({ region: 'us-east-1', endpoint: 'https://user:topsecret@vpce.example', ...quiet });
    expect(error.message).toContain('must not hold a user name or password');
    expect(error.message).not.toContain('topsecret');
  });

  it('logs its settings with the proxy credentials redacted', () => {
    const lines: string[] = [];
    awsClientConfig({
      region: 'us-east-1',
      endpoint: 'https://sts.us-east-1.amazonaws.com/',
      proxy: 'http://alice:s%40cret@proxy.corp:3128',
      requestTimeoutMs: 5_000,
      env: { NO_PROXY: '169.254.169.254' },
      log: (line) => lines.push(line),
    });
    expect(lines).toEqual([
      'AWS client: region us-east-1, endpoint https://sts.us-east-1.amazonaws.com; proxy ' +
        'http://***:***@proxy.corp:3128/ (from http-proxy); 1 NO_PROXY rule(s) from NO_PROXY; trusting ' +
        "Node's default CA certificates; connect timeout 10000 ms, request timeout 5000 ms; up to 4 attempts " +
        '(throttling, 5xx and network errors only).',
    ]);
  });
});

describe('validateEndpoint', () => {
  it.each([
    [
      'https://vpce-0abc-xyz.sts.us-east-1.vpce.amazonaws.com',
      'https://vpce-0abc-xyz.sts.us-east-1.vpce.amazonaws.com',
    ],
    ['http://127.0.0.1:5000/', 'http://127.0.0.1:5000'],
    ['https://localhost:4566/path', 'https://localhost:4566/path'],
  ])('accepts %s', (value, expected) => {
    expect(validateEndpoint(value, 'endpoint')).toBe(expected);
  });
});
