import { simulateStep, startDockerd, startMoto, startRegistry } from '@aws-delivery/testing';
import { startEcrDataPlane } from './actions/docker-build-push/test/support/ecr-data-plane.js';
const [d, moto, a, b] = await Promise.all([startDockerd(), startMoto(), startRegistry({ username: 'AWS', password: '123456789012-auth-token' }), startRegistry()]);
const plane = startEcrDataPlane({ registryUrl: a.url, username: a.username, password: a.password, motoEndpoint: moto.endpoint, region: 'eu-west-1', repositories: ['team/service'] });
try {
  const t = Date.now();
  const r = await simulateStep({
    action: 'docker-build-push',
    inputs: {
      registries: `123456789012/eu-west-1 endpoint=${a.url} ecr-endpoint=${moto.endpoint}\n${b.host} username=${b.username} password-env=REG_B_PASSWORD`,
      repository: 'team/service',
      context: '/work/main/demo/service',
      'builder-path': d.docker.path,
      'fail-on-severity': 'high',
      'scan-allow-list': 'CVE-9999-9999 until=2099-01-01 test',
      secrets: 'token=s3cr3t-build-value',
    },
    env: { ...d.env, REG_B_PASSWORD: b.password, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    timeoutMs: 120000,
  });
  console.log(Date.now() - t, r.exitCode, r.stdout, r.stderr, JSON.stringify(r.outputs, null, 1), r.summary, r.post?.stdout);
} finally { await plane.stop(); await Promise.all([d.stop(), moto.stop(), a.stop(), b.stop()]); }
