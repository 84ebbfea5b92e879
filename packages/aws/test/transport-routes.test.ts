import { Agent as HttpAgent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { describe, expect, it } from '@jest/globals';
import { HttpProxyAgent } from 'http-proxy-agent';
import { AwsTransportError } from '../src/transport/transport-errors.js';
import { resolveProxySettings } from '../src/transport/proxy.js';
import { TransportRoutes } from '../src/transport/routes.js';
import type { NetworkSettings } from '../src/transport/settings.js';
import { proxyRefusalOf } from '../src/transport/routes.js';
import { recordConnectAnswer, TunnelAgent } from '../src/transport/tunnel-agent.js';

const PASSWORD = 's3cret:p@ss';

function routesWith(env: Record<string, string>, lines: string[] = []): TransportRoutes {
  const settings: NetworkSettings = {
    proxy: resolveProxySettings({ env }),
    requestTimeoutMs: 5_000,
    connectTimeoutMs: 2_000,
    log: (line) => lines.push(line),
  };
  return new TransportRoutes(settings);
}

const PROXIED = {
  HTTPS_PROXY: `http://ci:${encodeURIComponent(PASSWORD)}@proxy.corp:3128`,
  HTTP_PROXY: 'http://plain.corp:8080',
  NO_PROXY: '.internal,169.254.169.254',
};

describe('TransportRoutes', () => {
  it('sends each endpoint through the proxy of its scheme, or direct by NO_PROXY, with the agent for that route', () => {
    const routes = routesWith(PROXIED);
    try {
      const tunnelled = routes.route('https:', 'sts.us-east-1.amazonaws.com', undefined);
      expect(tunnelled.endpoint).toBe('sts.us-east-1.amazonaws.com:443');
      expect(tunnelled.proxy?.redacted).toBe('http://***:***@proxy.corp:3128/');
      expect(tunnelled.agent).toBeInstanceOf(TunnelAgent);

      const bypassed = routes.route('https:', 'vpce.sts.internal', 8443);
      expect(bypassed.endpoint).toBe('vpce.sts.internal:8443');
      expect(bypassed.proxy).toBeUndefined();
      expect(bypassed.agent).toBeInstanceOf(HttpsAgent);
      expect(bypassed.agent).not.toBeInstanceOf(TunnelAgent);

      const plain = routes.route('http:', '127.0.0.1', 5000);
      expect(plain.proxy?.redacted).toBe('http://plain.corp:8080/');
      expect(plain.agent).toBeInstanceOf(HttpProxyAgent);

      const metadata = routes.route('http:', '169.254.169.254', undefined);
      expect(metadata.proxy).toBeUndefined();
      expect(metadata.agent).toBeInstanceOf(HttpAgent);
    } finally {
      routes.destroy();
    }
  });

  it('keeps one agent per route, shared by every endpoint on it, until destroyed', () => {
    const routes = routesWith(PROXIED);
    const first = routes.route('https:', 'sts.us-east-1.amazonaws.com', undefined).agent;
    expect(routes.route('https:', 'sts.eu-west-1.amazonaws.com', undefined).agent).toBe(first);
    expect(routes.route('https:', 'a.internal', undefined).agent).not.toBe(first);
    routes.destroy();
    expect(routes.route('https:', 'sts.us-east-1.amazonaws.com', undefined).agent).not.toBe(first);
    routes.destroy();
  });

  it('logs each endpoint and route once, with the proxy credentials redacted', () => {
    const lines: string[] = [];
    const routes = routesWith(PROXIED, lines);
    routes.route('https:', 'sts.us-east-1.amazonaws.com', undefined);
    routes.route('https:', 'sts.us-east-1.amazonaws.com', 443);
    routes.route('https:', 'vpce.sts.internal', undefined);
    routes.route('http:', '[::1]', 5000);
    routes.destroy();
    expect(lines).toEqual([
      'AWS requests to sts.us-east-1.amazonaws.com:443 go through proxy http://***:***@proxy.corp:3128/.',
      'AWS requests to vpce.sts.internal:443 go direct (NO_PROXY).',
      'AWS requests to [::1]:5000 go through proxy http://plain.corp:8080/.',
    ]);
    expect(lines.join('\n')).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('says "direct" without a proxy, and gives the limits and secrets errors are explained with', () => {
    const lines: string[] = [];
    const routes = routesWith({}, lines);
    const route = routes.route('https:', 'sts.cn-north-1.amazonaws.com.cn', undefined, 1_234);
    routes.destroy();
    expect(lines).toEqual(['AWS requests to sts.cn-north-1.amazonaws.com.cn:443 go direct.']);
    expect(route.context).toEqual({
      endpoint: 'sts.cn-north-1.amazonaws.com.cn:443',
      requestTimeoutMs: 1_234,
      connectTimeoutMs: 2_000,
      secrets: [],
    });
    const proxied = routesWith(PROXIED);
    expect(proxied.secrets).toEqual(expect.arrayContaining([PASSWORD, encodeURIComponent(PASSWORD)]));
    expect(proxied.route('https:', 'sts.us-east-1.amazonaws.com', undefined).context.secrets).toBe(proxied.secrets);
    proxied.destroy();
  });

  it('connects to an IPv6 address without its brackets and names it with them', () => {
    const routes = routesWith({});
    const route = routes.route('http:', '[::1]', 5000);
    routes.destroy();
    expect(route).toMatchObject({ host: '::1', port: 5000, endpoint: '[::1]:5000' });
  });
});

describe('proxyRefusalOf', () => {
  const routes = routesWith(PROXIED);
  const tunnelled = routes.route('https:', 'sts.us-east-1.amazonaws.com', undefined);
  const plain = routes.route('http:', '127.0.0.1', 5000);
  const direct = routes.route('https:', 'vpce.sts.internal', undefined);
  routes.destroy();

  /** A request as TunnelAgent leaves it after the proxy answered CONNECT. */
  function afterConnect(statusCode: number, statusText: string): ClientRequest {
    const request = {} as ClientRequest;
    recordConnectAnswer(request, { statusCode, statusText });
    return request;
  }

  it('explains a 407 from the proxy for an http:// endpoint, naming the proxy without its password', () => {
    const refusal = proxyRefusalOf(plain, {
      statusCode: 407,
      statusText: 'Proxy Authentication Required',
      request: undefined,
    });
    expect(refusal).toBeInstanceOf(AwsTransportError);
    expect(refusal?.failure).toBe('proxy-auth');
    expect(refusal?.message).toContain('The proxy http://plain.corp:8080/ (from HTTP_PROXY) answered 407');
    expect(proxyRefusalOf(plain, { statusCode: 403, statusText: 'Forbidden', request: undefined })).toBeUndefined();
  });

  it("explains a CONNECT the proxy refused for an https:// endpoint, from the tunnel agent's record", () => {
    const refusal = proxyRefusalOf(tunnelled, {
      statusCode: 403,
      statusText: '',
      request: afterConnect(403, 'Forbidden'),
    });
    expect(refusal?.failure).toBe('proxy-refused');
    expect(refusal?.message).toBe(
      'The proxy http://***:***@proxy.corp:3128/ (from HTTPS_PROXY) refused to open a tunnel to ' +
        'sts.us-east-1.amazonaws.com:443: it answered 403 Forbidden.',
    );
    // A 407 from the endpoint itself, through an accepted tunnel, is the endpoint's answer.
    expect(proxyRefusalOf(tunnelled, { statusCode: 407, statusText: '', request: afterConnect(200, 'OK') })).toBe(
      undefined,
    );
  });

  it('never blames a proxy for an answer on a direct route', () => {
    expect(proxyRefusalOf(direct, { statusCode: 407, statusText: '', request: afterConnect(407, '') })).toBe(undefined);
  });
});
