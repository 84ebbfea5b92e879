/** The inputs and the runner's environment as one checked configuration. Pure: no call, no file read. */
import { ConfigurationError, type Env, type InputValues } from '@aws-delivery/action-kit';
import { experimentTags, type RunContext } from './core/experiment-tags.js';
import type { RunIdentity } from './core/client-token.js';
import { INPUT } from './core/input-names.js';
import { fisAvailability, type FisAvailability } from './core/partition-rule.js';
import { parseAllowedAlarmStates, type PreflightPolicy } from './core/preflight.js';
import { parseProbes, type ProbeSpec } from './core/probes.js';
import { timeoutSeconds } from './core/schedule.js';
import { parseTagList, templateSource, type TemplateSource } from './core/template-source.js';
import type { inputSpec } from './inputs.js';

export interface NetworkConfig {
  proxy?: string;
  noProxy?: string;
  caBundle?: string;
  requestTimeoutMs: number;
}

export interface Config {
  region: string;
  availability: FisAvailability;
  template: TemplateSource;
  keepTemplate: boolean;
  preflight: PreflightPolicy;
  expectStopCondition: boolean;
  rehearsal: boolean;
  /** The workflow's own tags for the experiment (the run's are added). */
  tags: Record<string, string>;
  /** The timeout input as written; checked here for its form, against the template's plan once it is known. */
  timeout: string;
  probes: ProbeSpec[];
  run: RunIdentity;
  context: RunContext;
  /** Where the JSON report and the JUnit file go (absolute). */
  reportFile: string;
  junitFile: string;
  /** Relative paths (template file) are read from here. */
  workspace: string;
  fisEndpoint?: string;
  cloudWatchEndpoint?: string;
  network: NetworkConfig;
  /** action-timeout-seconds: the skeleton ends the step then, whatever the experiment does. */
  actionTimeoutSeconds: number;
}

type Inputs = InputValues<typeof inputSpec>;

function absolute(path: string, workspace: string): string {
  return path.startsWith('/') ? path : `${workspace.replace(/\/+$/, '')}/${path}`;
}

function regionOf(inputs: Inputs, env: Env): string {
  const region = inputs.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    throw new ConfigurationError(
      `Input "${INPUT.region}" is empty and AWS_REGION is not set, so there is no region to run the experiment in. ` +
        `Fix: set ${INPUT.region} (assume-role exports AWS_REGION for later steps).`,
      INPUT.region,
    );
  }
  return region;
}

export async function buildConfig(inputs: Inputs, env: Env): Promise<Config> {
  const region = regionOf(inputs, env);
  // First: in a partition without FIS nothing else matters (and nothing may be called).
  const availability = fisAvailability(region, inputs['unsupported-partition']);
  const template = templateSource({
    ...(inputs['template-id'] ? { templateId: inputs['template-id'] } : {}),
    ...(inputs['template-tags'] ? { templateTags: inputs['template-tags'] } : {}),
    ...(inputs['template-file'] ? { templateFile: inputs['template-file'] } : {}),
  });
  const timeout = inputs.timeout ?? '';
  timeoutSeconds(timeout, {});
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const stepKey = [env.GITHUB_JOB, env.GITHUB_ACTION, inputs['idempotency-key']].filter(Boolean).join('/');
  const context: RunContext = {
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    repository: env.GITHUB_REPOSITORY || 'local/repository',
    sha: env.GITHUB_SHA || 'unknown',
    runId: env.GITHUB_RUN_ID || 'local',
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    actor: env.GITHUB_ACTOR || 'unknown',
  };
  const tags = parseTagList(inputs.tags ?? '', INPUT.tags);
  // The tags' limits (FIS's, and the keys the action sets) are checked now, not at StartExperiment.
  experimentTags(context, tags);
  return {
    region,
    availability,
    template,
    keepTemplate: inputs['keep-template'],
    preflight: {
      allowNoStopConditions: inputs['allow-no-stop-conditions'],
      allowedAlarmStates: parseAllowedAlarmStates(inputs['allow-alarm-states'] ?? ''),
    },
    expectStopCondition: inputs['expect-stop-condition'],
    rehearsal: inputs.rehearsal,
    tags,
    timeout,
    probes: availability.kind === 'available' ? await parseProbes(inputs.probes ?? '', region) : [],
    run: {
      repository: env.GITHUB_REPOSITORY || 'local/repository',
      runId: env.GITHUB_RUN_ID || 'local',
      runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
      stepId: stepKey || 'chaos-experiment',
    },
    context,
    reportFile: absolute(inputs['report-file'], workspace),
    junitFile: absolute(inputs['junit-file'], workspace),
    workspace,
    ...(inputs['fis-endpoint'] ? { fisEndpoint: inputs['fis-endpoint'] } : {}),
    ...(inputs['cloudwatch-endpoint'] ? { cloudWatchEndpoint: inputs['cloudwatch-endpoint'] } : {}),
    network: {
      ...(inputs['http-proxy'] ? { proxy: inputs['http-proxy'] } : {}),
      ...(inputs['no-proxy'] ? { noProxy: inputs['no-proxy'] } : {}),
      ...(inputs['ca-bundle'] ? { caBundle: inputs['ca-bundle'] } : {}),
      requestTimeoutMs: inputs['request-timeout-seconds'] * 1000,
    },
    actionTimeoutSeconds: inputs['action-timeout-seconds'],
  };
}
