import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { describeProxySettings, parseProxyUrl, proxyFor, resolveProxySettings } from '../src/transport/proxy.js';

const PASSWORD = 'p@ss:w/rd%#1';
const ENCODED = encodeURIComponent(PASSWORD);

function failure(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('resolveProxySettings', () => {
  it('uses HTTPS_PROXY for https endpoints and HTTP_PROXY for http endpoints', () => {
    const settings = resolveProxySettings({
      env: { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:8080' },
    });
    expect(proxyFor(settings, 'https:', 'sts.us-east-1.amazonaws.com', 443)?.url.host).toBe('secure-proxy:3128');
    expect(proxyFor(settings, 'http:', '10.1.2.3', 5000)?.url.host).toBe('plain-proxy:8080');
    expect(settings.https?.source).toBe('HTTPS_PROXY');
  });

  it.each([
    [{ https_proxy: 'http://lower:1' }, 'https:', 'lower:1'],
    [{ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' }, 'https:', 'upper:1'],
    [{ http_proxy: 'http://lower:2' }, 'http:', 'lower:2'],
    [{ HTTP_PROXY: 'http://only-http:2' }, 'https:', undefined],
    [{ HTTPS_PROXY: '  ' }, 'https:', undefined],
    [{}, 'https:', undefined],
  ])('env %j, %s endpoint → %s', (env, protocol, host) => {
    expect(proxyFor(resolveProxySettings({ env }), protocol, 'example.com', undefined)?.url.host).toBe(host);
  });

  it('lets an explicit proxy win over the environment for both schemes', () => {
    const settings = resolveProxySettings({ proxy: 'http://input:3128', env: { HTTPS_PROXY: 'http://env:1' } });
    expect(settings.https?.url.host).toBe('input:3128');
    expect(settings.http?.url.host).toBe('input:3128');
    expect(settings.https?.source).toBe('http-proxy');
  });

  it('honours NO_PROXY from the environment, or an explicit list', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.internal,169.254.169.254' };
    const fromEnv = resolveProxySettings({ env });
    expect(proxyFor(fromEnv, 'https:', 'vpce.internal', 443)).toBeUndefined();
    expect(proxyFor(fromEnv, 'https:', 'sts.amazonaws.com', 443)).toBeDefined();
    const explicit = resolveProxySettings({ env, noProxy: 'sts.amazonaws.com' });
    expect(proxyFor(explicit, 'https:', 'vpce.internal', 443)).toBeDefined();
    expect(proxyFor(explicit, 'https:', 'sts.amazonaws.com', 443)).toBeUndefined();
    expect(
      proxyFor(resolveProxySettings({ env: { ...env, NO_PROXY: undefined, no_proxy: '*' } }), 'https:', 'a', 1),
    ).toBe(undefined);
  });
});

describe('the no-proxy input', () => {
  it('is refused, naming the input and quoting each entry it cannot use', () => {
    const error = failure(() =>
      resolveProxySettings({ noProxy: 'good.example, bad!host, 10.0.0.0/99, ok:3128', env: {} }),
    );
    expect(error.message).toBe(
      'no-proxy has entries that are no host, domain, address or CIDR range: "bad!host", "10.0.0.0/99". Give host ' +
        'names or domains (.corp.example), host:port, IP addresses ([::1]:8080) or CIDR ranges (10.0.0.0/8), ' +
        'separated by commas.',
    );
    expect(error.input).toBe('no-proxy');
    expect(
      failure(() => resolveProxySettings({ noProxy: 'x!', noProxyInputName: 'NO_PROXY input', env: {} })).input,
    ).toBe('NO_PROXY input');
  });

  it('while NO_PROXY from the environment keeps what it can use and reports the rest', () => {
    const settings = resolveProxySettings({ env: { NO_PROXY: 'good.example,bad!host' } });
    expect(settings.noProxy.ignored).toEqual(['bad!host']);
  });
});

describe('parseProxyUrl', () => {
  it('reads a proxy without a scheme as http://', () => {
    expect(parseProxyUrl('proxy.corp:3128', 'HTTPS_PROXY').url.href).toBe('http://proxy.corp:3128/');
  });

  it('keeps URL-encoded credentials and knows their decoded form as secrets', () => {
    const proxy = parseProxyUrl(`http://user:${ENCODED}@proxy:3128`, 'http-proxy');
    expect(decodeURIComponent(proxy.url.password)).toBe(PASSWORD);
    expect(proxy.secrets).toEqual(expect.arrayContaining([PASSWORD, proxy.url.password, 'user']));
    expect(proxy.redacted).toBe('http://***:***@proxy:3128/');
  });

  it.each([
    ['http://user:secretpw@proxy:0', 'has port 0'],
    ['http://user:secretpw@0.0.0.0:3128', 'has the address 0.0.0.0, which no proxy can listen on'],
    ['http://user:secretpw@[::]:3128', 'has the address [::], which no proxy can listen on'],
    ['http://user:secretpw@255.255.255.255:3128', 'has the address 255.255.255.255'],
    ['http://user:secretpw@224.0.0.1:3128', 'has the address 224.0.0.1'],
    ['http://user:secretpw@[ff02::1]:3128', 'has the address [ff02::1]'],
    ['http://user:secretpw@proxy:3128/path', 'has a path, query or fragment after host:port'],
    ['http://user:secretpw@proxy:3128?x=1', 'has a path, query or fragment after host:port'],
    ['http://user:secretpw@pro\nxy:3128', 'holds white space or a control character'],
    ['http://user:secret pw@proxy:3128', 'holds white space or a control character'],
    ['socks5://user:secretpw@proxy:1080', 'uses socks5://: only http:// and https:// proxies are supported'],
    ['http://user:secret%zzpw@proxy:1', 'has a "%" that is not a %XX escape'],
    ['http://user:secret/pw@proxy', 'is not a URL'],
    ['http://', 'is not a URL'],
  ])('rejects %s without showing its credentials', (value, rule) => {
    const error = failure(() => parseProxyUrl(value, 'HTTPS_PROXY'));
    expect(error.message).toContain(rule);
    expect(error.message).not.toMatch(/secret/);
    expect(error.input).toBe('HTTPS_PROXY');
  });
});

describe('describeProxySettings', () => {
  it('never shows credentials', () => {
    const line = describeProxySettings(
      resolveProxySettings({
        env: { HTTPS_PROXY: `http://alice:${ENCODED}@proxy:3128`, NO_PROXY: 'localhost,bad!entry' },
      }),
    );
    expect(line).toBe(
      'https proxy http://***:***@proxy:3128/ (from HTTPS_PROXY); 1 NO_PROXY rule(s) from NO_PROXY; ' +
        'ignored NO_PROXY entries: bad!entry',
    );
    expect(line).not.toContain('alice');
    expect(describeProxySettings(resolveProxySettings({ env: {} }))).toBe('no proxy');
    expect(describeProxySettings(resolveProxySettings({ proxy: 'http://p:1', env: {} }))).toBe(
      'proxy http://p:1/ (from http-proxy)',
    );
  });
});
