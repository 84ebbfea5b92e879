import { describe, expect, it } from '@jest/globals';
import { AwsTransportError } from '../src/transport/transport-errors.js';
import { classifyError } from '../src/transport/retry.js';
import { parseProxyUrl } from '../src/transport/proxy.js';
import { explainTransportError, proxyRefusedError } from '../src/transport/transport-errors.js';

const PASSWORD = 'hunter2:@/%';
const proxy = parseProxyUrl(`http://ci:${encodeURIComponent(PASSWORD)}@proxy.corp:3128`, 'HTTPS_PROXY');
const base = { endpoint: 'sts.cn-north-1.amazonaws.com.cn:443', requestTimeoutMs: 5000, connectTimeoutMs: 2000 };
const direct = { ...base, secrets: [] };
const viaProxy = { ...base, proxy, secrets: proxy.secrets };

function nodeError(code: string, message: string, name = 'Error'): Error {
  return Object.assign(new Error(message), { code, name });
}

describe('explainTransportError', () => {
  it.each([
    [
      'a request timeout',
      nodeError(
        'ETIMEDOUT',
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 5000 ms requestTimeout.',
        'TimeoutError',
      ),
      direct,
      'request-timeout',
      'No answer from sts.cn-north-1.amazonaws.com.cn:443 within the 5000 ms request timeout.',
    ],
    [
      'a request timeout through a proxy',
      Object.assign(new Error('socket timed out after 5000 ms of inactivity'), { name: 'TimeoutError' }),
      viaProxy,
      'request-timeout',
      'No answer from sts.cn-north-1.amazonaws.com.cn:443 through proxy http://***:***@proxy.corp:3128/ (from HTTPS_PROXY) within the 5000 ms request timeout.',
    ],
    [
      'a connect timeout',
      Object.assign(
        new Error(
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 2000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
      direct,
      'connect-timeout',
      'Could not connect to sts.cn-north-1.amazonaws.com.cn:443 within the 2000 ms connect timeout.',
    ],
    [
      'an untrusted certificate',
      nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
      direct,
      'tls',
      'The TLS certificate of sts.cn-north-1.amazonaws.com.cn:443 is not trusted (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain).',
    ],
    [
      'a refused proxy connection',
      nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:3128'),
      viaProxy,
      'refused',
      'The connection to proxy http://***:***@proxy.corp:3128/ (from HTTPS_PROXY) was refused (ECONNREFUSED): nothing listens there.',
    ],
    [
      'an unknown host',
      nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.cn-north-1.amazonaws.com.cn'),
      direct,
      'dns',
      'The host name of sts.cn-north-1.amazonaws.com.cn:443 could not be resolved (ENOTFOUND).',
    ],
    [
      'a reset connection',
      nodeError('ECONNRESET', 'socket hang up'),
      direct,
      'reset',
      'The connection to sts.cn-north-1.amazonaws.com.cn:443 was closed before the server answered (ECONNRESET).',
    ],
    [
      'a reset that @smithy/node-http-handler renamed TimeoutError',
      nodeError('ECONNRESET', 'socket hang up', 'TimeoutError'),
      direct,
      'reset',
      'The connection to sts.cn-north-1.amazonaws.com.cn:443 was closed before the server answered (ECONNRESET).',
    ],
    [
      'another network error',
      nodeError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.1.1.1:443'),
      direct,
      'network',
      'The request to sts.cn-north-1.amazonaws.com.cn:443 failed: connect EHOSTUNREACH 10.1.1.1:443.',
    ],
  ])('explains %s', (_what, error, context, failure, message) => {
    const explained = explainTransportError(error, context) as AwsTransportError;
    expect(explained).toBeInstanceOf(AwsTransportError);
    expect(explained.failure).toBe(failure);
    expect(explained.message).toBe(message);
    expect(explained.endpoint).toBe('sts.cn-north-1.amazonaws.com.cn:443');
    expect(explained.hint).toBeTruthy();
    // the explained error keeps the class the retry strategy sees
    expect(classifyError(explained)).toBe(classifyError(error));
  });

  it('reads errors from another realm (Node core errors seen from a test VM) by shape', () => {
    const foreign = { code: 'ECONNRESET', message: 'read ECONNRESET', name: 'Error' };
    expect((explainTransportError(foreign, direct) as AwsTransportError).failure).toBe('reset');
  });

  it('scrubs proxy credentials that an underlying message might hold, and then drops the cause', () => {
    const leaky = nodeError('EPROTO', `proxy said: bad auth ${PASSWORD} / ${encodeURIComponent(PASSWORD)}`);
    const explained = explainTransportError(leaky, viaProxy) as AwsTransportError;
    expect(explained.message).not.toContain(PASSWORD);
    expect(explained.message).not.toContain(encodeURIComponent(PASSWORD));
    expect(explained.cause).toBeUndefined();
  });

  it('leaves errors that are not transport errors alone', () => {
    const serviceError = Object.assign(new Error('denied'), { name: 'AccessDenied' });
    expect(explainTransportError(serviceError, direct)).toBe(serviceError);
    expect(explainTransportError('text', direct)).toBe('text');
  });
});

describe('proxyRefusedError', () => {
  it('explains a 407 without the credentials', () => {
    const error = proxyRefusedError(407, 'Proxy Authentication Required', viaProxy);
    expect(error.message).toBe(
      'The proxy http://***:***@proxy.corp:3128/ (from HTTPS_PROXY) answered 407 Proxy Authentication Required ' +
        '(Proxy Authentication Required) for sts.cn-north-1.amazonaws.com.cn:443: it did not accept the user name ' +
        'and password in the proxy URL.',
    );
    expect(error.hint).toMatch(/URL-encode special characters/);
    expect(classifyError(error)).toBe('fatal');
  });

  it('explains a 407 for a proxy URL without credentials', () => {
    const bare = { ...base, proxy: parseProxyUrl('http://proxy.corp:3128', 'HTTPS_PROXY'), secrets: [] };
    expect(proxyRefusedError(407, '', bare).message).toMatch(/it did not accept a request without credentials/);
  });

  it('explains a refused CONNECT', () => {
    const error = proxyRefusedError(403, 'Forbidden', viaProxy);
    expect(error.message).toBe(
      'The proxy http://***:***@proxy.corp:3128/ (from HTTPS_PROXY) refused to open a tunnel to ' +
        'sts.cn-north-1.amazonaws.com.cn:443: it answered 403 Forbidden.',
    );
    expect(error.hint).toMatch(/NO_PROXY/);
  });
});
