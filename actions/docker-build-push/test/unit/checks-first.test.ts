// Settings the builder cannot carry out fail the step before any repository is created or registry logged in to.
import { describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { dockerBuildPush } from '../../src/action.js';
import type { Clients } from '../../src/clients.js';
import type { RunCommand } from '../../src/build/process.js';

/** A docker client without buildx (the classic builder), and a record of every command and ECR call. */
function classicDocker() {
  const calls: string[] = [];
  const run: RunCommand = async (path, args) => {
    calls.push(`${path} ${args.join(' ')}`);
    if (args[0] === '--version') return { code: 0, stdout: 'Docker version 28.2.2, build e6534b4\n', stderr: '' };
    return { code: 1, stdout: '', stderr: "docker: 'buildx' is not a docker command." };
  };
  const clients: Clients = {
    run,
    ecr: async () => {
      calls.push('ecr client');
      throw new Error('ECR must not be reached');
    },
    ecrAuthorization: () => async () => {
      calls.push('ecr token');
      throw new Error('ECR must not be reached');
    },
    fetchManifest: () => async () => {
      throw new Error('no registry must be reached');
    },
    now: () => new Date('2026-12-02T00:00:00Z'),
    sleep: async () => undefined,
  };
  return { calls, clients };
}

describe('docker-build-push checks before effects', () => {
  it.each([
    [{ cache: 'gha' }, /^docker-build-push: Input "cache" asks for exporting build cache/],
    [{ platforms: 'linux/amd64,linux/arm64' }, /^docker-build-push: Input "platforms" asks for several platforms/],
  ])('%j with the classic builder: fails naming the input, with no ECR call and no login', async (inputs, message) => {
    const { calls, clients } = classicDocker();
    const io = recordingRunner({
      inputs: {
        registries: '123456789012/eu-west-1',
        repository: 'team/app',
        builder: 'docker-classic',
        'builder-path': '/usr/bin/docker',
        ...inputs,
      },
      env: { GITHUB_WORKSPACE: '/tmp', RUNNER_TEMP: '/tmp', GITHUB_SHA: 'c0ffee1234567890', PATH: '/usr/bin' },
    });
    const outcome = await runMain(dockerBuildPush, { io, clients: () => clients });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ConfigurationError' } });
    expect(io.lines('error')).toEqual([expect.stringMatching(message)]);
    expect(calls).toEqual(['/usr/bin/docker --version', '/usr/bin/docker buildx version']);
  });
});
