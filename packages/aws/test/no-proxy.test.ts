import { describe, expect, it } from '@jest/globals';
import { bypassesProxy, parseNoProxy } from '../src/transport/no-proxy.js';

describe('NO_PROXY matching', () => {
  it.each([
    // NO_PROXY, host, port, goes direct?
    ['*', 'sts.us-east-1.amazonaws.com', 443, true],
    ['', 'sts.us-east-1.amazonaws.com', 443, false],
    ['localhost', 'localhost', 4566, true],
    ['localhost', 'localhost.example.com', 443, false],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'api.example.com', 443, true],
    ['example.com', 'badexample.com', 443, false],
    ['.example.com', 'api.example.com', 443, true],
    ['.example.com', 'example.com', 443, true],
    ['*.example.com', 'a.b.example.com', 443, true],
    ['*.example.com', 'example.org', 443, false],
    ['amazonaws.com.cn', 'sts.cn-north-1.amazonaws.com.cn', 443, true],
    ['amazonaws.com', 'sts.cn-north-1.amazonaws.com.cn', 443, false],
    ['EXAMPLE.com', 'Api.Example.COM', 443, true],
    ['example.com', 'api.example.com.', 443, true],
    ['example.com:8443', 'api.example.com', 8443, true],
    ['example.com:8443', 'api.example.com', 443, false],
    ['127.0.0.1', '127.0.0.1', 5000, true],
    ['127.0.0.1', '127.0.0.2', 5000, false],
    ['127.0.0.1:5000', '127.0.0.1', 5000, true],
    ['127.0.0.1:5000', '127.0.0.1', 5001, false],
    ['::1', '::1', 443, true],
    ['::1', '[::1]', 443, true],
    ['[::1]:8080', '[::1]', 8080, true],
    ['[::1]:8080', '::1', 443, false],
    ['0:0:0:0:0:0:0:1', '::1', 443, true],
    ['10.0.0.0/8', '10.20.30.40', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['10.0.0.0/8', 'ten.example.com', 443, false],
    ['169.254.169.254/32', '169.254.169.254', 80, true],
    ['fd00::/8', 'fd12::1', 443, true],
    ['fd00::/8', 'fe80::1', 443, false],
    ['a.com, b.com  c.com,,', 'x.c.com', 443, true],
    ['a.com,b.com', 'x.d.com', 443, false],
    ['not a host!,*.x.com', 'y.x.com', 443, true],
  ])('NO_PROXY=%j: %s:%d direct=%s', (noProxy, host, port, direct) => {
    expect(bypassesProxy(parseNoProxy(noProxy), host, port)).toBe(direct);
  });

  it('reports entries it cannot understand instead of guessing', () => {
    expect(parseNoProxy('good.com, bad!host, 10.0.0.0/99, host:, [zz]:1, ok:70000').ignored).toEqual([
      'bad!host',
      '10.0.0.0/99',
      'host:',
      '[zz]:1',
      'ok:70000',
    ]);
    expect(parseNoProxy(undefined)).toEqual({ rules: [], ignored: [] });
  });
});
