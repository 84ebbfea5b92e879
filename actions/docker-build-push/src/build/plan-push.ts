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

/** What one push sends: the image this step built (its id) to `host/repository:tag`. */
export interface PushRequest {
  /** `host/repository:tag` in the target registry. */
  ref: string;
  /** The id the build wrote (`sha256:…`). */
  imageId: string;
  authFile: string;
  /** Where podman and buildah write the digest of the manifest they pushed. */
  digestFile: string;
  /** Plain HTTP (or unverified TLS) registry: a loopback host or an explicit http:// endpoint. */
  insecure: boolean;
}

/**
 * `push` of one image reference. podman and buildah push the built image by its id (never a name another build
 * could have retagged meanwhile) to `docker://REF`, and write the pushed digest to a file; docker pushes the tag
 * the build set and prints the digest.
 */
export function planPush(builder: BuilderKind, request: PushRequest): CommandPlan {
  if (builder === 'podman' || builder === 'buildah') {
    const args = ['push', '--authfile', request.authFile, '--digestfile', request.digestFile];
    if (request.insecure) args.push('--tls-verify=false');
    return { args: [...args, request.imageId, `docker://${request.ref}`], env: {} };
  }
  return { args: ['push', request.ref], env: {} };
}

/** The digest in `docker push` output: `1.2.3: digest: sha256:… size: 528`. */
export function digestFromPushOutput(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}
