import { startDockerd, startRegistry } from '@aws-delivery/testing';
import { execFileSync } from 'node:child_process';
const t0 = Date.now();
const [d, r] = await Promise.all([startDockerd(), startRegistry({ username: 'AWS', password: '123456789012-auth-token' })]);
console.log('started', Date.now() - t0, d.docker);
const env = { ...process.env, ...d.env, DOCKER_CONFIG: '/tmp/dbp-probe/cfg', DOCKER_BUILDKIT: '1' };
try {
  console.log(execFileSync(d.docker.path, ['login', '-u', 'AWS', '--password-stdin', r.host], { env, input: r.password }).toString());
  const t1 = Date.now();
  execFileSync(d.docker.path, ['build', '-t', `${r.host}/team/app:t1`, '--iidfile', '/tmp/dbp-probe/iid', '/tmp/dbp-probe/ctx'], { env, stdio: 'inherit' });
  console.log('build', Date.now() - t1);
  const t2 = Date.now();
  console.log(execFileSync(d.docker.path, ['push', `${r.host}/team/app:t1`], { env }).toString());
  console.log('push', Date.now() - t2);
} finally { await d.stop(); await r.stop(); }
