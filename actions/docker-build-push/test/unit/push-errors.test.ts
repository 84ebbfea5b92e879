import { describe, expect, it } from '@jest/globals';
import { proxySettingsOf } from '../../src/build/builders.js';
import { privateDockerConfig } from '../../src/push/docker-config.js';
import { classifyPushFailure } from '../../src/push/push-errors.js';

describe('classifyPushFailure', () => {
  it.each([
    [
      "tag invalid: The image tag 'latest' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.",
      'immutable-tag',
    ],
    ["name unknown: The repository with name 'app' does not exist in the registry with id '123'", 'missing-repository'],
    ['unauthorized: authentication required', 'unauthorized'],
    ['Error response from daemon: Get "http://127.0.0.1:5000/v2/": unauthorized: ', 'unauthorized'],
    ['denied: requested access to the resource is denied', 'unauthorized'],
    ['no basic auth credentials', 'unauthorized'],
    // buildah 1.28 (login, then a push without the login), as it words them
    ['Error: logging into "127.0.0.1:5702": invalid username/password', 'unauthorized'],
    [
      'Error: pushing image "sha256:9cf2" to "docker://127.0.0.1:5701/team/svc:x": trying to reuse blob sha256:daaf at destination: checking whether a blob sha256:daaf exists in 127.0.0.1:5701/team/svc: unauthorized: authentication required',
      'unauthorized',
    ],
    [
      'Error: authenticating creds for "127.0.0.1:5709": pinging container registry 127.0.0.1:5709: Get "http://127.0.0.1:5709/v2/": dial tcp 127.0.0.1:5709: connect: connection refused',
      'transient',
    ],
    ['toomanyrequests: Rate exceeded', 'transient'],
    ['received unexpected HTTP status: 503 Service Unavailable', 'transient'],
    ['received unexpected HTTP status: 500 Internal Server Error', 'transient'],
    ['net/http: TLS handshake timeout', 'transient'],
    ['dial tcp 10.0.0.1:443: i/o timeout', 'transient'],
    ['read: connection reset by peer', 'transient'],
    ['Patch "https://x/v2/app/blobs/uploads/123": EOF', 'transient'],
    ['blob upload unknown', 'transient'],
    ['manifest invalid: manifest invalid', 'fatal'],
  ])('%s -> %s', (output, kind) => expect(classifyPushFailure(output).kind).toBe(kind));
});

describe('privateDockerConfig', () => {
  it('drops the credential store and the targets own entries, keeps the rest', () => {
    const original = {
      credsStore: 'desktop',
      credHelpers: { 'public.ecr.aws': 'ecr-login', 'reg:5000': 'pass' },
      auths: { 'ghcr.io': { auth: 'eA==' }, 'reg:5000': { auth: 'eQ==' }, 'https://reg:5000': { auth: 'eQ==' } },
      proxies: { default: { httpsProxy: 'http://proxy:3128' } },
      currentContext: 'ci',
    };
    expect(privateDockerConfig(original, ['reg:5000'])).toEqual({
      credHelpers: { 'public.ecr.aws': 'ecr-login' },
      auths: { 'ghcr.io': { auth: 'eA==' } },
      proxies: { default: { httpsProxy: 'http://proxy:3128' } },
      currentContext: 'ci',
    });
  });
  it('starts empty without a user config', () => {
    expect(privateDockerConfig(undefined, ['x'])).toEqual({ auths: {} });
  });
});

describe('proxySettingsOf', () => {
  it('points at the docker daemon for docker builders, at the step environment for podman and buildah', () => {
    expect(proxySettingsOf('docker-buildkit')).toBe('the docker daemon proxy settings');
    expect(proxySettingsOf('buildx')).toBe('the docker daemon proxy settings');
    expect(proxySettingsOf('buildah')).toBe('the HTTPS_PROXY / NO_PROXY this step gives buildah');
    expect(proxySettingsOf('podman')).toBe('the HTTPS_PROXY / NO_PROXY this step gives podman');
  });
});
