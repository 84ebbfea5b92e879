import type { BuilderKind } from './builders.js';
import type { CommandPlan } from './plan-build.js';

/**
 * `login` for a registry: the password goes on stdin (`--password-stdin`), never in argv. docker writes to the
 * job-private DOCKER_CONFIG; podman and buildah write the same file through --authfile.
 */
export function planLogin(
  builder: BuilderKind,
  host: string,
  username: string,
  authFile: string,
  insecure: boolean,
): CommandPlan {
  if (builder === 'podman' || builder === 'buildah') {
    const args = ['login', '--authfile', authFile, '--username', username, '--password-stdin'];
    if (insecure) args.push('--tls-verify=false');
    return { args: [...args, host], env: {} };
  }
  return { args: ['login', '--username', username, '--password-stdin', host], env: {} };
}

/** `push` of one image reference; podman and buildah write the pushed digest to a file. */
export function planPush(
  builder: BuilderKind,
  ref: string,
  authFile: string,
  digestFile: string,
  insecure: boolean,
): CommandPlan {
  if (builder === 'podman' || builder === 'buildah') {
    const args = ['push', '--authfile', authFile, '--digestfile', digestFile];
    if (insecure) args.push('--tls-verify=false');
    return { args: [...args, ref], env: {} };
  }
  return { args: ['push', ref], env: {} };
}

/** The digest in `docker push` output: `1.2.3: digest: sha256:… size: 528`. */
export function digestFromPushOutput(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}
