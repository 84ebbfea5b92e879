import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '@aws-delivery/action-kit';
import { backoffDelay } from '@aws-delivery/aws';
import { proxySettingsOf, type Builder } from '../build/builders.js';
import { digestFromPushOutput, planPush } from '../build/plan-push.js';
import type { RunCommand } from '../build/process.js';
import { targetImage, type RegistryTarget } from '../targets/registry-target.js';
import { excerpt } from './login.js';
import type { LoginSession } from './login-session.js';
import { classifyPushFailure, type PushFailure } from './push-errors.js';

export interface PushOptions {
  builder: Builder;
  /** The id of the image the build produced: podman and buildah push it by id. */
  imageId: string;
  session: LoginSession;
  run: RunCommand;
  env: NodeJS.ProcessEnv;
  attempts: number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

export interface PushedTarget {
  target: RegistryTarget;
  digest: string;
  pushed: string[];
  /** Retries that were needed, across tags. */
  retries: number;
}

function hintFor(kind: PushFailure['kind'], builder: Builder): string {
  switch (kind) {
    case 'unauthorized':
      return 'the login succeeded but the push was refused: check the push permissions (ecr:InitiateLayerUpload, ecr:PutImage, ... for ECR).';
    case 'missing-repository':
      return 'create the repository, or set create-repository: true for ECR targets.';
    case 'immutable-tag':
      return 'the repository does not allow overwriting tags: use a unique tag (sha) or a mutable repository.';
    case 'transient':
      return `the registry or the network kept failing: re-run the job; check ${proxySettingsOf(builder.kind)}.`;
    case 'fatal':
      return 'see the output above.';
  }
}

async function pushOne(
  ref: string,
  target: RegistryTarget,
  options: PushOptions,
): Promise<{ digest: string; retries: number }> {
  const digestFile = join(options.session.dir, `digest-${Math.random().toString(36).slice(2)}`);
  const plan = planPush(options.builder.kind, {
    ref,
    imageId: options.imageId,
    authFile: options.session.authFile,
    digestFile,
    insecure: target.scheme === 'http',
  });
  for (let attempt = 1; ; attempt++) {
    const result = await options.run(options.builder.path, plan.args, {
      env: { ...options.env, ...options.session.env, ...plan.env },
    });
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.code === 0) {
      const digest =
        options.builder.kind === 'podman' || options.builder.kind === 'buildah'
          ? readFileSync(digestFile, 'utf8').trim()
          : digestFromPushOutput(output);
      if (!digest) throw new ActionError(`Pushing ${ref} succeeded but reported no digest (${excerpt(output)}).`);
      return { digest, retries: attempt - 1 };
    }
    const failure = classifyPushFailure(output);
    if (failure.kind !== 'transient' || attempt >= options.attempts) {
      const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
      throw new ActionError(
        `Pushing ${ref} failed${tries}: ${failure.reason} (${excerpt(output)}).`,
        hintFor(failure.kind, options.builder),
      );
    }
    const delay = backoffDelay(attempt - 1, { maxAttempts: options.attempts, baseDelayMs: 1000, maxDelayMs: 20_000 });
    options.log(
      `Pushing ${ref} failed (${failure.reason}); attempt ${attempt} of ${options.attempts}, retrying in ${delay} ms.`,
    );
    await options.sleep(delay);
  }
}

/** Pushes the tags of one target one after the other (the first uploads the layers, the rest only manifests). */
export async function pushTarget(
  target: RegistryTarget,
  tags: readonly string[],
  options: PushOptions,
): Promise<PushedTarget> {
  let digest: string | undefined;
  let retries = 0;
  for (const tag of tags) {
    const ref = `${targetImage(target)}:${tag}`;
    const pushed = await pushOne(ref, target, options);
    retries += pushed.retries;
    if (digest && pushed.digest !== digest) {
      throw new ActionError(`${ref} was pushed as ${pushed.digest}, but the earlier tags of this target as ${digest}.`);
    }
    digest = pushed.digest;
  }
  if (!digest) throw new Error(`no tag to push to ${target.label}`);
  return { target, digest, pushed: [...tags], retries };
}
