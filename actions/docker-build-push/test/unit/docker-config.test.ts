import { describe, expect, it } from '@jest/globals';
import { withLogin } from '../../src/push/docker-config.js';

describe('withLogin', () => {
  it("adds the host's entry as base64 of user:password and keeps everything else", () => {
    const config = {
      auths: { 'ghcr.io': { auth: 'eA==' } },
      proxies: { default: { httpsProxy: 'http://proxy:3128' } },
    };
    expect(withLogin(config, '127.0.0.1:5000', { username: 'AWS', password: 'pä:ss' })).toEqual({
      auths: { 'ghcr.io': { auth: 'eA==' }, '127.0.0.1:5000': { auth: Buffer.from('AWS:pä:ss').toString('base64') } },
      proxies: { default: { httpsProxy: 'http://proxy:3128' } },
    });
    // The config given is not changed.
    expect(config.auths).toEqual({ 'ghcr.io': { auth: 'eA==' } });
  });

  it("replaces an earlier login to the host, and keeps Docker Hub's under docker login's own key", () => {
    const again = withLogin({ auths: { 'reg:5000': { auth: 'b2xkOm9sZA==' } } }, 'reg:5000', {
      username: 'u',
      password: 'p',
    });
    expect(again.auths).toEqual({ 'reg:5000': { auth: 'dTpw' } });
    expect(withLogin({}, 'docker.io', { username: 'u', password: 'p' }).auths).toEqual({
      'https://index.docker.io/v1/': { auth: 'dTpw' },
    });
  });

  it('drops a credential helper named for that very key, which would win over the entry', () => {
    const config = { credHelpers: { 'https://index.docker.io/v1/': 'desktop', 'public.ecr.aws': 'ecr-login' } };
    expect(withLogin(config, 'docker.io', { username: 'u', password: 'p' }).credHelpers).toEqual({
      'public.ecr.aws': 'ecr-login',
    });
  });
});
