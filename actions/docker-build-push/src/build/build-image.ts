import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError, type RunnerIO } from '@aws-delivery/action-kit';
import type { BuildSettings } from '../config.js';
import type { LoginSession } from '../push/login-session.js';
import { excerpt } from '../push/login.js';
import type { Builder } from './builders.js';
import { planBuild } from './plan-build.js';
import type { RunCommand } from './process.js';
import { buildFailureHint } from './build-failure.js';
import { writeSecretFiles } from './secret-files.js';
import { checkBuildPaths } from './build-paths.js';

export interface BuiltImage {
  imageId: string;
  /** The digest buildx pushed itself (multi-platform builds); otherwise the image is pushed per target. */
  pushedDigest?: string;
  durationMs: number;
}

export interface BuildInputs {
  builder: Builder;
  settings: BuildSettings;
  tags: string[];
  cacheFrom: string[];
  cacheTo: string[];
  session: LoginSession;
  run: RunCommand;
  env: NodeJS.ProcessEnv;
  /** The step's log (the builder's output goes there, in a group) and masking (secret values). */
  io: Pick<RunnerIO, 'log' | 'mask'>;
  signal?: AbortSignal;
}

/** Runs the build once, with every target's tags, secrets as 0600 files removed right after. */
export async function buildImage(inputs: BuildInputs): Promise<BuiltImage> {
  const { settings, session } = inputs;
  checkBuildPaths(settings);
  const secrets = writeSecretFiles(
    session.secretsDir,
    settings.secretValues,
    settings.secretEnvs,
    settings.secretFiles,
    inputs.env,
    inputs.io.mask,
  );
  const iidFile = join(session.dir, 'iid');
  const metadataFile = join(session.dir, 'build-metadata.json');
  const started = Date.now();
  try {
    const plan = planBuild({
      builder: inputs.builder.kind,
      context: settings.context,
      ...(settings.file ? { file: settings.file } : {}),
      ...(settings.target ? { target: settings.target } : {}),
      buildArgs: settings.buildArgs,
      secretFiles: secrets.secrets,
      labels: settings.labels,
      platforms: settings.platforms,
      cacheFrom: inputs.cacheFrom,
      cacheTo: inputs.cacheTo,
      tags: inputs.tags,
      ...(settings.network ? { network: settings.network } : {}),
      noCache: settings.noCache,
      pull: settings.pull,
      lambdaCompatible: settings.lambdaCompatible,
      iidFile,
      metadataFile,
    });
    const result = await inputs.io.log.group(
      `Build (${inputs.builder.kind}: ${inputs.builder.path} ${plan.args.join(' ')})`,
      () =>
        inputs.io.log.toolOutput((printLine) =>
          inputs.run(inputs.builder.path, plan.args, {
            env: { ...inputs.env, ...session.env, ...plan.env },
            onLine: printLine,
            ...(inputs.signal ? { signal: inputs.signal } : {}),
          }),
        ),
    );
    if (result.code !== 0) {
      const output = `${result.stdout}\n${result.stderr}`;
      throw new ActionError(
        `The build failed (${inputs.builder.kind} exited with ${result.code}): ${excerpt(output)}`,
        buildFailureHint(output, { ...inputs.env, ...session.env }),
      );
    }
    const imageId = readFileSync(iidFile, 'utf8').trim();
    let pushedDigest: string | undefined;
    if (plan.pushesItself) {
      const metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, unknown>;
      pushedDigest =
        typeof metadata['containerimage.digest'] === 'string' ? metadata['containerimage.digest'] : undefined;
    }
    return { imageId, ...(pushedDigest ? { pushedDigest } : {}), durationMs: Date.now() - started };
  } finally {
    secrets.remove();
  }
}
