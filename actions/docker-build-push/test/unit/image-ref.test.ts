import { describe, expect, it } from '@jest/globals';
import { formatImageRef, isLoopbackHost, parseImageRef } from '../../src/refs/image-ref.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['app', { path: 'app' }],
    ['app:1.0', { path: 'app', tag: '1.0' }],
    ['team/app:latest', { path: 'team/app', tag: 'latest' }],
    ['localhost/img', { registry: 'localhost', path: 'img' }],
    ['localhost:5000/img:tag', { registry: 'localhost:5000', path: 'img', tag: 'tag' }],
    ['host:5000/img:tag', { registry: 'host:5000', path: 'img', tag: 'tag' }],
    ['127.0.0.1:5000/team/app:v1', { registry: '127.0.0.1:5000', path: 'team/app', tag: 'v1' }],
    ['[::1]:5000/app:1', { registry: '[::1]:5000', path: 'app', tag: '1' }],
    [`img@${DIGEST}`, { path: 'img', digest: DIGEST }],
    [`ghcr.io/org/app:1.2@${DIGEST}`, { registry: 'ghcr.io', path: 'org/app', tag: '1.2', digest: DIGEST }],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/app:sha-abc1234',
      { registry: '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', path: 'team/app', tag: 'sha-abc1234' },
    ],
    ['a.b-c.d/e', { registry: 'a.b-c.d', path: 'e' }],
    ['team/my_app__x/a-b', { path: 'team/my_app__x/a-b' }],
  ])('parses %s', (text, expected) => {
    const ref = parseImageRef(text);
    expect(ref).toEqual(expected);
    expect(formatImageRef(ref)).toBe(text);
  });

  it.each([
    ['', /it is empty/],
    ['Team/App', /repository path "Team\/App"/],
    ['app:-bad', /the tag "-bad"/],
    ['app@sha256:abc', /64 lower-case hex digits/],
    ['app@nodigest', /must be algorithm:hex/],
    ['host:5000/', /no repository path/],
    ['ho_st.example/app', /registry host "ho_st.example"/],
    [`app:${'x'.repeat(129)}`, /the tag/],
  ])('rejects %j naming the input', (text, message) => {
    expect(() => parseImageRef(text, 'cache-ref')).toThrow(message);
    expect(() => parseImageRef(text, 'cache-ref')).toThrow(/^cache-ref /);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1:5000', true],
    ['127.1.2.3', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['128.0.0.1:5000', false],
    ['ghcr.io', false],
    ['localhost.example.com', false],
  ])('%s -> %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});
