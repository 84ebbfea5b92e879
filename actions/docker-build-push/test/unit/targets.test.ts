import { describe, expect, it } from '@jest/globals';
import { parseTargets } from '../../src/targets/parse-targets.js';
import { imageUriByDigest, targetImage } from '../../src/targets/registry-target.js';

const defaults = { repository: 'team/app', allowUnknownRegion: false };

describe('parseTargets', () => {
  it('derives partition-correct ECR hosts from account/region', () => {
    const targets = parseTargets(
      ['123456789012/eu-west-1', '210987654321/cn-north-1 profile=china', '111122223333/us-gov-west-1'],
      defaults,
    );
    expect(targets.map((t) => [t.kind, t.registryHost, t.ecr?.partition, t.ecr?.profile])).toEqual([
      ['ecr', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'aws', undefined],
      ['ecr', '210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn', 'aws-cn', 'china'],
      ['ecr', '111122223333.dkr.ecr.us-gov-west-1.amazonaws.com', 'aws-us-gov', undefined],
    ]);
    expect(targets.every((t) => t.scheme === 'https' && t.pushHost === t.registryHost)).toBe(true);
  });

  it('reads a full ECR host and checks its suffix against the partition', () => {
    const [target] = parseTargets(['123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn'], defaults);
    expect(target?.ecr).toEqual({ account: '123456789012', region: 'cn-northwest-1', partition: 'aws-cn' });
    expect(() => parseTargets(['123456789012.dkr.ecr.cn-north-1.amazonaws.com'], defaults)).toThrow(
      /ends in \.amazonaws\.com\.cn, not \.amazonaws\.com.*Fix: write 123456789012\.dkr\.ecr\.cn-north-1\.amazonaws\.com\.cn/,
    );
  });

  it('keeps the ECR identity and pushes through an endpoint override', () => {
    const [target] = parseTargets(
      ['123456789012/eu-west-1 endpoint=http://127.0.0.1:5000 ecr-endpoint=http://127.0.0.1:4566'],
      defaults,
    );
    expect(target).toMatchObject({
      kind: 'ecr',
      registryHost: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      pushHost: '127.0.0.1:5000',
      scheme: 'http',
      ecr: { apiEndpoint: 'http://127.0.0.1:4566' },
    });
    expect(targetImage(target!)).toBe('127.0.0.1:5000/team/app');
    expect(imageUriByDigest(target!, 'sha256:x')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:x',
    );
  });

  it('applies the global ecr-endpoint unless a line has its own', () => {
    const targets = parseTargets(
      ['123456789012/eu-west-1', '123456789012/us-east-1 ecr-endpoint=https://vpce.example'],
      {
        ...defaults,
        ecrEndpoint: 'https://global.example',
      },
    );
    expect(targets.map((t) => t.ecr?.apiEndpoint)).toEqual(['https://global.example', 'https://vpce.example']);
  });

  it('reads generic registries with credentials from a variable', () => {
    const targets = parseTargets(
      [
        'ghcr.io username=bot password-env=GHCR_TOKEN repository=org/app',
        'localhost:5000',
        'mirror.example:8443 endpoint=10.0.0.5:8443',
      ],
      defaults,
    );
    expect(targets.map((t) => [t.kind, t.pushHost, t.scheme, t.repository, t.login])).toEqual([
      ['generic', 'ghcr.io', 'https', 'org/app', { username: 'bot', passwordEnv: 'GHCR_TOKEN' }],
      ['generic', 'localhost:5000', 'http', 'team/app', undefined],
      ['generic', '10.0.0.5:8443', 'https', 'team/app', undefined],
    ]);
  });

  it.each([
    [[], /Input "registries" is empty/],
    [['123456789012/eu-west-9'], /not a region this release knows/],
    [['123456789012/cn-nort-1'], /Did you mean "cn-north-1"/],
    [['12345678901/eu-west-1'], /not an AWS account id.*11 digits/],
    [['ghcr.io profile=x'], /profile= only applies to ECR registries/],
    [['ghcr.io ecr-endpoint=https://x'], /ecr-endpoint= only applies to ECR registries/],
    [['ghcr.io username=bot'], /username= and password-env= go together/],
    [['ghcr.io username=bot password-env=not-a-var'], /password-env names an environment variable/],
    [['ghcr.io password=hunter2'], /"password=hunter2" is not an option/],
    [['ghcr.io repository=Bad/Name'], /repository "Bad\/Name" is not a valid repository path/],
    [['123456789012.dkr.ecr.eu-west-1'], /looks like an ECR host/],
    [['ghcr.io', 'ghcr.io'], /pushes to ghcr.io\/team\/app like the line "ghcr.io"/],
    [['ghcr.io endpoint=https://mirror/v2/'], /has a path/],
    [['not a host!'], /"not" is neither ACCOUNT\/REGION nor a registry host|is not an option/],
  ])('refuses %j', (lines, message) => {
    expect(() => parseTargets(lines, defaults)).toThrow(message);
  });

  it('accepts a new region of a known shape when asked', () => {
    const [target] = parseTargets(['123456789012/eu-west-9'], { ...defaults, allowUnknownRegion: true });
    expect(target?.registryHost).toBe('123456789012.dkr.ecr.eu-west-9.amazonaws.com');
  });
});
