import { describe, expect, it } from '@jest/globals';
import { buildFailureHint } from '../../src/build/build-failure.js';

// The texts are what docker 28 and buildx print (docker CLI: "Cannot connect to the Docker daemon at ... Is the
// docker daemon running?"; the socket's permission error when the user is not in the docker group).
describe('buildFailureHint', () => {
  it('says the daemon is not running, where it was looked for, and what to do', () => {
    const hint = buildFailureHint(
      'ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      {},
    );
    expect(hint).toBe(
      'the Docker daemon is not running or not reachable at unix:///var/run/docker.sock (DOCKER_HOST is not set). ' +
        'Start it (sudo systemctl start docker), point DOCKER_HOST at a running daemon, or build without a daemon: ' +
        'builder: podman or builder: buildah.',
    );
  });

  it('names DOCKER_HOST when it is set', () => {
    const hint = buildFailureHint(
      'error during connect: Head "http://%2Ftmp%2Fd.sock/_ping": dial unix unix:///tmp/d.sock: connect: no such file',
      { DOCKER_HOST: 'unix:///tmp/d.sock' },
    );
    expect(hint).toMatch(
      /^the Docker daemon is not running or not reachable at unix:\/\/\/tmp\/d\.sock \(DOCKER_HOST=unix:\/\/\/tmp\/d\.sock\)/,
    );
  });

  it('tells a permission problem on the socket apart', () => {
    const hint = buildFailureHint(
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Head ...',
      {},
    );
    expect(hint).toMatch(
      /^the runner's user may not use the Docker socket unix:\/\/\/var\/run\/docker\.sock\. Add the user/,
    );
  });

  it('keeps the general advice for other failures', () => {
    expect(buildFailureHint('failed to solve: process "/bin/sh -c false" did not complete', {})).toBe(
      'see the build log above; check context, file and target.',
    );
  });
});
