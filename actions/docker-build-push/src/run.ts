import { join } from 'node:path';
import { ActionError, type Step } from '@aws-delivery/action-kit';
import type { Builder } from './build/builders.js';
import { detectBuilder } from './build/detect-builder.js';
import { buildImage } from './build/build-image.js';
import { cacheArgs } from './build/cache.js';
import { checkCapabilities } from './build/plan-build.js';
import type { Config } from './config.js';
import type { Clients } from './clients.js';
import type { EcrApi, RegistryCredentials } from './ecr/ecr-api.js';
import { prepareRepositories } from './ecr/prepare-repositories.js';
import { credentialsFor } from './push/credentials.js';
import { login } from './push/login.js';
import { createLoginSession, type LoginSession } from './push/login-session.js';
import { pushAll } from './push/push-all.js';
import { buildReport } from './report/image-report.js';
import { writeOutputs } from './report/outputs.js';
import { renderSummary } from './report/summary.js';
import { verifyTargets } from './registry/verify.js';
import { runScanGate } from './scan/scan-gate.js';
import { STATE_KEY, type SavedState } from './state.js';
import { targetImage, type RegistryTarget } from './targets/registry-target.js';

function logPlan({ config, log }: Step<Config, Clients>): void {
  log.info(`Tags: ${config.tags.tags.map((tag) => `${tag} (${config.tags.reasons[tag]})`).join(', ')}.`);
  for (const target of config.targets) {
    const via = target.pushHost !== target.registryHost ? ` via ${target.scheme}://${target.pushHost}` : '';
    const profile = target.ecr?.profile ? `, profile ${target.ecr.profile}` : '';
    log.info(
      `Target: ${target.registryHost}/${target.repository}${via} (${target.ecr ? `ECR ${target.ecr.partition} ${target.ecr.region}` : 'registry'}${profile}).`,
    );
  }
}

/** The ECR API only when a target is an ECR registry; otherwise a stand-in that says so if it is ever called. */
async function lazyEcr(config: Config, clients: Clients): Promise<EcrApi> {
  if (config.targets.some((t) => t.kind === 'ecr')) return clients.ecr(config);
  return new Proxy({} as EcrApi, {
    // Not a thenable: `await` must not mistake it for a promise.
    get: (_target, name) =>
      name === 'then' ? undefined : () => Promise.reject(new Error(`ECR call ${String(name)} without an ECR target`)),
  });
}

/** Times each phase for the report and the benchmark. */
async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - start;
  }
}

/** The step's environment for the builder: the runner's, with the proxy input as HTTPS_PROXY and HTTP_PROXY. */
function builderEnv({ config, env }: Step<Config, Clients>): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(config.network.proxy ? { HTTPS_PROXY: config.network.proxy, HTTP_PROXY: config.network.proxy } : {}),
  };
}

async function detect(step: Step<Config, Clients>, session: LoginSession, env: NodeJS.ProcessEnv) {
  const { config, clients: deps, log } = step;
  const { builder, notes } = await detectBuilder(
    config.builder,
    config.builderPath,
    { ...env, ...session.env },
    deps.run,
  );
  for (const note of notes) log.info(note);
  log.info(`Builder: ${builder.kind} (${builder.path}, ${builder.version}).`);
  return builder;
}

/** Each target's credentials: an ECR token, username= with password-env=, or none. */
function credentialsOfTargets(
  step: Step<Config, Clients>,
  ecr: Pick<EcrApi, 'authorization'>,
  env: NodeJS.ProcessEnv,
): Promise<(RegistryCredentials | undefined)[]> {
  return Promise.all(step.config.targets.map((target) => credentialsFor(target, ecr, env, step.mask)));
}

/**
 * Runs `work` (the repositories) while the credentials are fetched (for ECR targets a token: one more ECR call that
 * need not wait). When both fail, work's error is the one thrown, as when they ran one after the other.
 */
export async function whileCredentialsAreFetched<W, C>(
  work: () => Promise<W>,
  fetchCredentials: () => Promise<C>,
): Promise<[W, C]> {
  const credentials = fetchCredentials();
  credentials.catch(() => undefined); // awaited below, once work is done
  return [await work(), await credentials];
}

/**
 * Logs in to every target that has credentials, into the job-private config, the password on the login command's
 * stdin; returns each target's credentials.
 */
async function logInEverywhere(
  step: Step<Config, Clients>,
  found: readonly (RegistryCredentials | undefined)[],
  builder: Builder,
  session: LoginSession,
  env: NodeJS.ProcessEnv,
): Promise<Map<RegistryTarget, RegistryCredentials | undefined>> {
  const { config, clients: deps } = step;
  const credentials = new Map<RegistryTarget, RegistryCredentials | undefined>();
  // One login at a time: each `docker login` rewrites the whole config.json, so parallel logins lose each other.
  for (const [index, target] of config.targets.entries()) {
    credentials.set(target, found[index]);
    if (found[index]) await login(target, found[index], builder, session, deps.run, env);
  }
  return credentials;
}

async function steps(step: Step<Config, Clients>, session: LoginSession): Promise<void> {
  const { config, clients: deps, log, signal } = step;
  const timings: Record<string, number> = {};
  const env = builderEnv(step);
  const builder = await timed(timings, 'detect', () => detect(step, session, env));
  const ecrTarget = config.targets.find((t) => t.kind === 'ecr');
  const cache = cacheArgs(config.cache, ecrTarget ? `${targetImage(ecrTarget)}:buildcache` : undefined);
  // Everything the builder will be asked is checked before a repository is created or a registry logged in to.
  checkCapabilities({
    builder: builder.kind,
    secretFiles: [
      ...Object.keys(config.build.secretValues),
      ...Object.keys(config.build.secretEnvs),
      ...Object.keys(config.build.secretFiles),
    ],
    cacheFrom: cache.from,
    cacheTo: cache.to,
    platforms: config.build.platforms,
    lambdaCompatible: config.build.lambdaCompatible,
    buildArgs: config.build.buildArgs,
  });
  const ecr = await lazyEcr(config, deps);
  const tags = config.tags.tags;
  const [prepared, found] = await whileCredentialsAreFetched(
    () =>
      timed(timings, 'repositories', () =>
        prepareRepositories(config.targets, tags, ecr, config.repositorySettings, config.createRepository, log),
      ),
    () => credentialsOfTargets(step, ecr, env),
  );
  const credentials = await timed(timings, 'login', () => logInEverywhere(step, found, builder, session, env));
  // Asked for now, so that its HTTP client loads while the image builds.
  const fetchManifest = deps.fetchManifest(config);
  const refs = prepared.flatMap(({ target, existing }) =>
    tags.filter((t) => !existing.has(t)).map((t) => `${targetImage(target)}:${t}`),
  );
  const built = await timed(timings, 'build', () =>
    buildImage({
      builder,
      settings: config.build,
      tags: refs.length > 0 ? refs : [`${targetImage(config.targets[0]!)}:${tags[0]}`],
      cacheFrom: cache.from,
      cacheTo: cache.to,
      session,
      run: deps.run,
      env,
      io: step,
      signal,
    }),
  );
  log.info(`Built ${built.imageId} in ${built.durationMs} ms.`);
  const pushes = await timed(timings, 'push', () =>
    built.pushedDigest
      ? Promise.resolve(
          prepared.map(({ target, existing }) => ({
            target,
            digest: built.pushedDigest!,
            pushed: tags.filter((t) => !existing.has(t)),
            skipped: tags.filter((t) => existing.has(t)),
            retries: 0,
          })),
        )
      : pushAll(prepared, tags, {
          builder,
          imageId: built.imageId,
          session,
          run: deps.run,
          env,
          attempts: config.pushAttempts,
          sleep: deps.sleep,
          log: (line) => log.warning(line),
        }),
  );
  const { digest, verified } = await timed(timings, 'verify', () =>
    verifyTargets(pushes, tags, credentials, fetchManifest, config.build.lambdaCompatible),
  );
  log.info(
    `Every registry serves ${digest}: ${verified.map((v) => `${v.target.registryHost}/${v.target.repository}`).join(', ')}.`,
  );
  const gate = await timed(timings, 'scan', () =>
    runScanGate(
      config.targets,
      digest,
      config.scan,
      {
        dockerfile: config.build.dockerfileForReports,
        today: deps.now().toISOString().slice(0, 10),
        defaultSarifFile: join(step.env.RUNNER_TEMP || session.dir, 'docker-build-push-ecr-scan.sarif'),
      },
      ecr,
      { sleep: deps.sleep, now: () => deps.now().getTime(), log: (line) => log.info(line) },
      log,
    ),
  );
  const report = buildReport({
    digest,
    imageId: built.imageId,
    tags,
    builder,
    labels: config.build.labels,
    pushes,
    verified,
    gate,
    timings,
  });
  writeOutputs(report, step.setOutput);
  await step.writeSummary(renderSummary(report, gate.findings, config.scan.failOn));
  log.debug(`Timings (ms): ${JSON.stringify(timings)}`);
  if (gate.result === 'failed' && gate.verdict) {
    const { failing, expired } = gate.verdict;
    const reasons = [
      ...(failing.length
        ? [
            `${failing.length} finding(s) at or above ${config.scan.failOn}: ${failing.map((f) => `${f.ruleId} (${f.severity})`).join(', ')}`,
          ]
        : []),
      ...expired.map((e) => `the allow-list entry for ${e.id} expired on ${e.until} (${e.origin})`),
    ];
    throw new ActionError(
      `The scan gate failed for ${digest}: ${reasons.join('; ')}. The image is pushed but must not be deployed.`,
      expired.length
        ? 'review the expired entries: renew until= after a fresh review, or remove them and fix the findings.'
        : 'fix the findings (update the base image or packages), or allow-list them with an expiry after review.',
    );
  }
}

/**
 * login-only: log in to every target and keep the logins for later steps; nothing is built or pushed. No builder is
 * needed: each login is written into the private config.json as `docker login` writes it (no process, the password
 * on no command line), where docker, podman, buildah and skopeo read it.
 */
async function logInOnly(step: Step<Config, Clients>, session: LoginSession): Promise<void> {
  const { config, clients: deps, log } = step;
  // Of ECR only the token is needed: asked for without loading the AWS SDK where it can be (clients.ts).
  const authorization = deps.ecrAuthorization(config);
  const found = await credentialsOfTargets(step, { authorization }, builderEnv(step));
  for (const [index, target] of config.targets.entries()) {
    const credentials = found[index];
    if (credentials) session.storeLogin(target.pushHost, credentials);
    log.info(
      credentials
        ? `Logged in to ${target.pushHost} as ${credentials.username}.`
        : `${target.pushHost}: no credentials given (anonymous, or a login an earlier step made).`,
    );
  }
}

/**
 * The step: plan -> repositories -> login -> build once -> push to every target -> verify -> scan gate; with
 * login-only, the login alone.
 */
export async function run(step: Step<Config, Clients>): Promise<void> {
  const { config, log } = step;
  if (!config.loginOnly) logPlan(step);
  const session = createLoginSession(
    step.env,
    config.targets.map((t) => t.pushHost),
  );
  step.saveState(STATE_KEY, { dir: session.dir, exported: config.keepLogin } satisfies SavedState);
  try {
    await (config.loginOnly ? logInOnly(step, session) : steps(step, session));
  } finally {
    if (config.keepLogin) {
      step.exportVariable('DOCKER_CONFIG', session.dir);
      step.exportVariable('REGISTRY_AUTH_FILE', session.authFile);
      log.info(
        `${config.loginOnly ? 'login-only' : 'keep-login'}: later steps use the job-private Docker config ${session.dir} (REGISTRY_AUTH_FILE for podman and buildah); the post step removes it.`,
      );
    } else {
      session.remove();
    }
  }
}
