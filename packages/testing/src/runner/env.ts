/**
 * The environment a GitHub-hosted runner gives a node action's process, built from scratch so nothing from the
 * test process (its INPUT_*, GITHUB_*, RUNNER_*, STATE_*, proxies, AWS_* variables) leaks into the step.
 */
import type { DeclaredInput } from '../action-metadata.js';

/** Variables copied from the test process: what a shell needs, never anything GitHub- or AWS-specific. */
const INHERITED = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER'];

/** The runner's name for an input's variable: `INPUT_` + the name upper-cased with spaces as `_` (dashes stay). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export interface RunnerDirectories {
  workspace: string;
  temp: string;
  toolCache: string;
  eventPath: string;
}

/** The variables every step of a push-triggered job on a github-hosted ubuntu runner sees. */
export function runnerDefaults(dirs: RunnerDirectories): Record<string, string> {
  const inherited = Object.fromEntries(
    INHERITED.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name] as string]),
  );
  return {
    ...inherited,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__run',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_OWNER_ID: '987654321',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: dirs.eventPath,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_HEAD_REF: '',
    GITHUB_BASE_REF: '',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_WORKFLOW: 'ci',
    GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    GITHUB_WORKFLOW_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '1000000001',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
  };
}

/** Which runner the simulator reproduces: a GitHub-hosted ubuntu runner, or act (nektos/act) on the host. */
export type RunnerProfile = 'github-hosted' | 'act';

/** What a GitHub-hosted runner sets and act does not (act's withGithubEnv and its host runner context). */
const NOT_SET_BY_ACT = [
  'GITHUB_ACTOR_ID',
  'GITHUB_TRIGGERING_ACTOR',
  'GITHUB_REPOSITORY_ID',
  'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_REF_PROTECTED',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_WORKFLOW_SHA',
  'RUNNER_NAME',
  'RUNNER_ENVIRONMENT',
];

/**
 * The variables act gives a step, as its source sets them (nektos/act, pkg/runner/run_context.go and step.go, read
 * at commit bd86152 of April 2026):
 * - ACT=true, always, set by act itself (no `--env ACT=true` needed); CI and GITHUB_ACTIONS are "true" as on GitHub;
 * - the actor is "nektos/act" unless the event names one, run id and number are "1", GITHUB_ACTION is the step's
 *   index, ImageOS is "ubuntu20" for ubuntu-latest; the repository, ref and sha come from the local git checkout;
 * - no ACTIONS_ID_TOKEN_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_TOKEN: act has no token service, so no OIDC;
 * - no ACTIONS_RUNTIME_URL/ACTIONS_RUNTIME_TOKEN unless `--artifact-server-path` starts its artifact server;
 * - no RUNNER_ENVIRONMENT, RUNNER_NAME, *_ID or GITHUB_WORKFLOW_REF/SHA;
 * - GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, GITHUB_PATH and (since v0.2.43) GITHUB_STEP_SUMMARY name files made
 *   empty for each step; act reads the first four and never shows the summary. Before v0.2.43 GITHUB_STEP_SUMMARY
 *   is not set: simulate that with `env: { GITHUB_STEP_SUMMARY: undefined }`.
 * In host mode (`-P ubuntu-latest=-self-hosted`) act also passes its own process's environment through; the
 * simulator does not, so nothing from the test process leaks in.
 */
export function actDefaults(dirs: RunnerDirectories): Record<string, string> {
  const github = runnerDefaults(dirs);
  for (const name of NOT_SET_BY_ACT) delete github[name];
  return {
    ...github,
    ACT: 'true',
    GITHUB_ACTOR: 'nektos/act',
    GITHUB_ACTION: '0',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RETENTION_DAYS: '0',
    RUNNER_PERFLOG: '/dev/null',
    ImageOS: 'ubuntu20',
  };
}

/** The defaults of a profile. */
export function profileDefaults(profile: RunnerProfile, dirs: RunnerDirectories): Record<string, string> {
  return profile === 'act' ? actDefaults(dirs) : runnerDefaults(dirs);
}

/** The event payload behind GITHUB_EVENT_PATH for the default push event. */
export function pushEvent(env: Record<string, string>): object {
  return {
    ref: env.GITHUB_REF,
    after: env.GITHUB_SHA,
    repository: { full_name: env.GITHUB_REPOSITORY, name: env.GITHUB_REPOSITORY?.split('/')[1] },
    sender: { login: env.GITHUB_ACTOR },
  };
}

/** Applies overrides: a string sets a variable, `undefined` removes it. */
export function applyOverrides(
  base: Record<string, string>,
  overrides: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const result = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

/**
 * Evaluates an input default the way the runner would for the few expressions a default may hold here:
 * `${{ github.<name> }}` (from GITHUB_<NAME>, `github.token` from `token`), `${{ runner.<name> }}` and
 * `${{ env.<NAME> }}`. Anything else cannot be simulated faithfully, so it throws and asks for an explicit input.
 */
export function evaluateDefault(
  input: string,
  text: string,
  env: Readonly<Record<string, string>>,
  token: string,
): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (expression, body: string) => {
    const match = /^(github|runner|env)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
    if (match?.[1] === 'github' && match[2] === 'token') return token;
    if (match?.[1] === 'github') return env[`GITHUB_${match[2]!.toUpperCase()}`] ?? '';
    if (match?.[1] === 'runner') return env[`RUNNER_${match[2]!.toUpperCase()}`] ?? '';
    if (match?.[1] === 'env') return env[match[2]!] ?? '';
    throw new Error(
      `simulateStep cannot evaluate the default ${expression} of input "${input}"; pass "${input}" in inputs.`,
    );
  });
}

/** Stringifies a `with:` value as YAML would hand it to the runner (true -> "true", 3 -> "3"). */
export function inputText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * INPUT_* for a step: every given input, then action.yml's default for each declared input not given (an empty
 * string when there is none, as the runner sets every declared input). Returns the variables and the runner's
 * warnings for unexpected and deprecated inputs.
 */
export function inputEnvironment(
  declared: Readonly<Record<string, DeclaredInput>>,
  given: Readonly<Record<string, string | number | boolean>>,
  env: Readonly<Record<string, string>>,
  token: string,
): { variables: Record<string, string>; warnings: string[] } {
  const variables: Record<string, string> = {};
  const warnings: string[] = [];
  const lower = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
  const unexpected: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    variables[inputVariable(name)] = inputText(value);
    const declaredName = lower.get(name.toLowerCase());
    if (declaredName === undefined) unexpected.push(name);
    const deprecation = declaredName === undefined ? undefined : declared[declaredName]?.deprecationMessage;
    if (deprecation) warnings.push(`Input '${name}' has been deprecated with message: ${deprecation}`);
  }
  for (const [name, input] of Object.entries(declared)) {
    if (Object.keys(given).some((g) => g.toLowerCase() === name.toLowerCase())) continue;
    variables[inputVariable(name)] =
      input.default === undefined ? '' : evaluateDefault(name, input.default, env, token);
  }
  if (unexpected.length > 0) {
    warnings.push(
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`,
    );
  }
  return { variables, warnings };
}
