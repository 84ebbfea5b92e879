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
