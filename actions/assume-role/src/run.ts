import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  detectRunner,
  getIdToken,
  pathError,
  type RunnerIO,
  type RunnerInfo,
  type Step,
} from '@aws-delivery/action-kit';
import {
  createStsQueryClient,
  networkAgentFor,
  parseArn,
  roleArn,
  runnerCredentials,
  type StsQueryClient,
} from '@aws-delivery/aws';
import { planChain } from './chain.js';
import { checkAllowedAccount, CHAINED_SESSION_CAP_SECONDS, type Config } from './config.js';
import type { AwsCredentials, Identity } from './credentials.js';
import { planExports, secretsOf } from './exports.js';
import { RefreshingToken } from './oidc.js';
import { defaultSessionTags, tagFallbacks } from './session.js';
import { chooseSource, type SourceChoice } from './source.js';
import { assumeRole, assumeWithWebIdentity, callerIdentity } from './sts.js';
import { writeReport } from './report.js';
import { STATE_KEY, type SavedState } from './state.js';

/** What the step uses outside itself: where it runs, the OIDC token service, token files, and STS. */
export interface Clients {
  runner: RunnerInfo;
  getIdToken: (audience: string, config: Config) => Promise<string>;
  readTokenFile: (path: string) => Promise<string>;
  /** The run's one STS client, signing with the runner's credentials unless a call brings its own. */
  makeSts: (config: Config) => StsQueryClient;
}

export function realClients(_config: Config, io: RunnerIO): Clients {
  return {
    runner: detectRunner(io.env),
    // The token service is reached like AWS: through the job's proxy, trusting the extra CA bundle.
    getIdToken: (audience, config) =>
      getIdToken(audience, {
        env: io.env,
        mask: io.mask,
        agent: networkAgentFor(io.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? 'https://localhost', {
          ...(config.client.proxy ? { proxy: config.client.proxy } : {}),
          ...(config.client.caBundle ? { caBundle: config.client.caBundle } : {}),
        }),
      }),
    readTokenFile: (path) =>
      readFile(path, 'utf8').catch((error: unknown) => {
        throw pathError('web-identity-token-file', path, error);
      }),
    makeSts: (config) =>
      createStsQueryClient({
        region: config.region,
        ...config.client,
        credentials: runnerCredentials(),
        inputNames: { region: 'aws-region', endpoint: 'sts-endpoint', maxAttempts: 'retry-max-attempts' },
        log: (line: string) => io.log.debug(line),
      }),
  };
}

interface Obtained {
  credentials?: AwsCredentials;
  identity: Identity;
  hops: { roleArn: string; identity: Identity }[];
  token?: RefreshingToken;
}

function tokenFor(choice: SourceChoice, config: Config, deps: Clients): RefreshingToken | undefined {
  if (choice.source === 'oidc') return new RefreshingToken(() => deps.getIdToken(config.audience, config));
  if (choice.source === 'web-identity-token-file') {
    const path = config.source.webIdentityTokenFile ?? '';
    return new RefreshingToken(() => deps.readTokenFile(path));
  }
  return undefined;
}

/** Source credentials, then every hop of the chain. */
async function obtain(step: Step<Config, Clients>, choice: SourceChoice, sts: StsQueryClient): Promise<Obtained> {
  const { config, clients, env, log, mask } = step;
  const token = tokenFor(choice, config, clients);
  let credentials = choice.source === 'static' ? config.staticCredentials : undefined;
  const bareRole = config.source.roleToAssume && !config.source.roleToAssume.startsWith('arn:');
  let identity: Identity | undefined =
    !token && (bareRole || !config.source.roleToAssume) ? await callerIdentity(sts, credentials) : undefined;
  const chain = planChain({
    ...(config.source.roleToAssume ? { roleToAssume: config.source.roleToAssume } : {}),
    roleChain: config.roleChain,
    ...(config.externalId ? { externalId: config.externalId } : {}),
    sessionName: config.sessionName,
    region: config.region,
    ...(identity ? { sourceAccount: identity.accountId } : {}),
  });
  // Before any hop is logged: the ARNs carry the account ids.
  if (config.maskAccountId) for (const hop of chain) mask(parseArn(hop.roleArn).accountId);
  const github = defaultSessionTags({
    repository: env.GITHUB_REPOSITORY,
    workflow: env.GITHUB_WORKFLOW,
    action: env.GITHUB_ACTION,
    actor: env.GITHUB_ACTOR,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
  });
  const hops: Obtained['hops'] = [];
  let tagged = false;
  for (const [index, hop] of chain.entries()) {
    const duration =
      index === 0 ? config.durationSeconds : Math.min(config.durationSeconds, CHAINED_SESSION_CAP_SECONDS);
    if (index === 1 && config.durationSeconds > CHAINED_SESSION_CAP_SECONDS) {
      log.info(
        `Chained hops last at most ${CHAINED_SESSION_CAP_SECONDS} s (an AWS limit); role-duration-seconds applies to the first hop only.`,
      );
    }
    log.info(
      `Hop ${index + 1}/${chain.length}: assuming ${hop.roleArn} as session ${hop.sessionName} for ${duration} s`,
    );
    const result =
      index === 0 && token
        ? await assumeWithWebIdentity(sts, hop, token, duration, config.policies, config.client.maxAttempts, log)
        : await assumeRole(
            sts,
            credentials,
            hop,
            duration,
            // Tags go on the first AssumeRole only; transitive keys carry them down the chain.
            config.tagging && !tagged ? tagFallbacks(github, config.customTags) : [[]],
            config.transitiveTagKeys,
            config.policies,
            log,
          );
    if (!token || index > 0) tagged = true;
    for (const secret of secretsOf(result.credentials)) mask(secret);
    credentials = result.credentials;
    identity = result.identity;
    hops.push({ roleArn: hop.roleArn, identity: result.identity });
  }
  if (!identity) identity = await callerIdentity(sts, credentials);
  return { ...(credentials ? { credentials } : {}), identity, hops, ...(token ? { token } : {}) };
}

/** Named profiles: each role assumed (one hop) from the final credentials. */
async function obtainProfiles(step: Step<Config, Clients>, final: Obtained, sts: StsQueryClient) {
  const { config, mask } = step;
  const profiles: Record<string, AwsCredentials> = {};
  const identities: Record<string, Identity> = {};
  for (const [name, role] of Object.entries(config.profiles)) {
    const arn = roleArn(final.identity.accountId, role, config.region, `profiles (${name})`);
    if (config.maskAccountId) mask(parseArn(arn).accountId);
    const result = await assumeRole(
      sts,
      final.credentials,
      { roleArn: arn, sessionName: config.sessionName },
      Math.min(config.durationSeconds, CHAINED_SESSION_CAP_SECONDS),
      [[]],
      [],
      config.policies,
      step.log,
    );
    for (const secret of secretsOf(result.credentials)) mask(secret);
    checkAllowedAccount(result.identity.accountId, config.allowedAccountIds, `Profile "${name}" (${arn})`);
    profiles[name] = result.credentials;
    identities[name] = result.identity;
  }
  return { profiles, identities };
}

/** Every STS call of the run, on one client that is closed when they are done. */
async function assumeAll(step: Step<Config, Clients>, choice: SourceChoice) {
  const sts = step.clients.makeSts(step.config);
  try {
    const final = await obtain(step, choice, sts);
    checkAllowedAccount(
      final.identity.accountId,
      step.config.allowedAccountIds,
      `The final identity ${final.identity.arn}`,
    );
    return { final, ...(await obtainProfiles(step, final, sts)) };
  } finally {
    sts.destroy();
  }
}

export async function run(step: Step<Config, Clients>): Promise<void> {
  const { config, clients, env } = step;
  const choice = chooseSource({ ...config.source, environmentHasKeys: Boolean(env.AWS_ACCESS_KEY_ID) }, clients.runner);
  step.log.info(`Credential source: ${choice.source}. ${choice.reason}`);

  const { final, profiles, identities } = await assumeAll(step, choice);
  // Every credential set was masked as it arrived (static keys are secret inputs, masked when read).
  if (config.maskAccountId) step.mask(final.identity.accountId);

  const dir = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'assume-role-'));
  const token = config.refreshable && final.token ? await final.token.current() : undefined;
  const plan = planExports({
    region: config.region,
    ...(final.credentials ? { credentials: final.credentials } : {}),
    exportEnv: config.exportEnv,
    ...(config.profile ? { profile: config.profile } : {}),
    profiles,
    ...(token && final.hops[0]
      ? {
          refreshable: {
            tokenFile: join(dir, 'web-identity-token'),
            token,
            roleArn: final.hops[0].roleArn,
            sessionName: config.sessionName,
          },
        }
      : {}),
    dir,
  });
  // Saved before anything is written, so the post step cleans up even after a failure halfway.
  step.saveState(STATE_KEY, { dir, env: Object.keys(plan.env), cleanup: config.cleanup } satisfies SavedState);
  for (const file of plan.files) writeFileSync(file.path, file.content, { mode: 0o600 });
  for (const [name, value] of Object.entries(plan.env)) step.exportVariable(name, value);

  step.setOutput('aws-account-id', final.identity.accountId);
  step.setOutput('arn', final.identity.arn);
  step.setOutput('expiration', final.credentials?.expiration?.toISOString() ?? '');
  step.setOutput('partition', config.partition);
  step.setOutput('config-file', plan.env.AWS_CONFIG_FILE ?? '');
  if (config.outputCredentials && final.credentials) {
    step.setOutput('aws-access-key-id', final.credentials.accessKeyId);
    step.setOutput('aws-secret-access-key', final.credentials.secretAccessKey);
    step.setOutput('aws-session-token', final.credentials.sessionToken ?? '');
  }
  await writeReport(step, { config, choice, identity: final.identity, hops: final.hops, profiles: identities, plan });
}
