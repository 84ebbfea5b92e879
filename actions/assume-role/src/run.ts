import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  detectRunner,
  exportVariable,
  getIdToken,
  inputFromRunner,
  log,
  mask,
  readInputs,
  saveState,
  setOutput,
  type InputSource,
  type RunnerInfo,
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
import { buildConfig, checkAllowedAccount, CHAINED_SESSION_CAP_SECONDS, type Config } from './config.js';
import type { AwsCredentials, Identity } from './credentials.js';
import { planExports, secretsOf } from './exports.js';
import { inputSpec } from './inputs.js';
import { RefreshingToken } from './oidc.js';
import { defaultSessionTags, tagFallbacks } from './session.js';
import { chooseSource, type SourceChoice } from './source.js';
import { assumeRole, assumeWithWebIdentity, callerIdentity } from './sts.js';
import { writeReport } from './report.js';
import { STATE_KEY, type SavedState } from './state.js';

export interface Deps {
  input: InputSource;
  env: NodeJS.ProcessEnv;
  runner: RunnerInfo;
  getIdToken: (audience: string, config: Config) => Promise<string>;
  readTokenFile: (path: string) => Promise<string>;
  /** The run's one STS client, signing with the runner's credentials unless a call brings its own. */
  makeSts: (config: Config) => StsQueryClient;
}

export function defaultDeps(): Deps {
  return {
    input: inputFromRunner,
    env: process.env,
    runner: detectRunner(),
    // The token service is reached like AWS: through the job's proxy, trusting the extra CA bundle.
    getIdToken: (audience, config) =>
      getIdToken(audience, {
        agent: networkAgentFor(process.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? 'https://localhost', {
          ...(config.client.proxy ? { proxy: config.client.proxy } : {}),
          ...(config.client.caBundle ? { caBundle: config.client.caBundle } : {}),
        }),
      }),
    readTokenFile: (path) => readFile(path, 'utf8'),
    makeSts: (config) =>
      createStsQueryClient({
        region: config.region,
        ...config.client,
        credentials: runnerCredentials(),
        inputNames: { region: 'aws-region', endpoint: 'sts-endpoint', maxAttempts: 'retry-max-attempts' },
        log: (line: string) => log.debug(line),
      }),
  };
}

interface Obtained {
  credentials?: AwsCredentials;
  identity: Identity;
  hops: { roleArn: string; identity: Identity }[];
  token?: RefreshingToken;
}

function tokenFor(choice: SourceChoice, config: Config, deps: Deps): RefreshingToken | undefined {
  if (choice.source === 'oidc') return new RefreshingToken(() => deps.getIdToken(config.audience, config));
  if (choice.source === 'web-identity-token-file') {
    const path = config.source.webIdentityTokenFile ?? '';
    return new RefreshingToken(() => deps.readTokenFile(path));
  }
  return undefined;
}

/** Source credentials, then every hop of the chain. */
async function obtain(config: Config, choice: SourceChoice, sts: StsQueryClient, deps: Deps): Promise<Obtained> {
  const token = tokenFor(choice, config, deps);
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
    repository: deps.env.GITHUB_REPOSITORY,
    workflow: deps.env.GITHUB_WORKFLOW,
    action: deps.env.GITHUB_ACTION,
    actor: deps.env.GITHUB_ACTOR,
    sha: deps.env.GITHUB_SHA,
    ref: deps.env.GITHUB_REF,
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
        ? await assumeWithWebIdentity(sts, hop, token, duration, config.policies, config.client.maxAttempts)
        : await assumeRole(
            sts,
            credentials,
            hop,
            duration,
            // Tags go on the first AssumeRole only; transitive keys carry them down the chain.
            config.tagging && !tagged ? tagFallbacks(github, config.customTags) : [[]],
            config.transitiveTagKeys,
            config.policies,
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
async function obtainProfiles(config: Config, final: Obtained, sts: StsQueryClient) {
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
    );
    for (const secret of secretsOf(result.credentials)) mask(secret);
    checkAllowedAccount(result.identity.accountId, config.allowedAccountIds, `Profile "${name}" (${arn})`);
    profiles[name] = result.credentials;
    identities[name] = result.identity;
  }
  return { profiles, identities };
}

/** Every STS call of the run, on one client that is closed when they are done. */
async function assumeAll(config: Config, choice: SourceChoice, deps: Deps) {
  const sts = deps.makeSts(config);
  try {
    const final = await obtain(config, choice, sts, deps);
    checkAllowedAccount(final.identity.accountId, config.allowedAccountIds, `The final identity ${final.identity.arn}`);
    return { final, ...(await obtainProfiles(config, final, sts)) };
  } finally {
    sts.destroy();
  }
}

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const config = buildConfig(readInputs(inputSpec, deps.input));
  const choice = chooseSource(
    { ...config.source, environmentHasKeys: Boolean(deps.env.AWS_ACCESS_KEY_ID) },
    deps.runner,
  );
  log.info(`Credential source: ${choice.source}. ${choice.reason}`);

  const { final, profiles, identities } = await assumeAll(config, choice, deps);
  // Every credential set was masked as it arrived (static keys are secret inputs, masked when read).
  if (config.maskAccountId) mask(final.identity.accountId);

  const dir = mkdtempSync(join(deps.env.RUNNER_TEMP || tmpdir(), 'assume-role-'));
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
  saveState(STATE_KEY, { dir, env: Object.keys(plan.env), cleanup: config.cleanup } satisfies SavedState);
  for (const file of plan.files) writeFileSync(file.path, file.content, { mode: 0o600 });
  for (const [name, value] of Object.entries(plan.env)) exportVariable(name, value);

  setOutput('aws-account-id', final.identity.accountId);
  setOutput('arn', final.identity.arn);
  setOutput('expiration', final.credentials?.expiration?.toISOString() ?? '');
  setOutput('partition', config.partition);
  setOutput('config-file', plan.env.AWS_CONFIG_FILE ?? '');
  if (config.outputCredentials && final.credentials) {
    setOutput('aws-access-key-id', final.credentials.accessKeyId);
    setOutput('aws-secret-access-key', final.credentials.secretAccessKey);
    setOutput('aws-session-token', final.credentials.sessionToken ?? '');
  }
  await writeReport({ config, choice, identity: final.identity, hops: final.hops, profiles: identities, plan });
}
