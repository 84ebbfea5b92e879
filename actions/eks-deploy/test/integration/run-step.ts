// Runs the step in-process through the skeleton, with a recording runner: nothing reaches stdout or process.env.
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner, type RecordingRunner } from '@aws-delivery/action-kit/recording';
import { eksDeploy } from '../../src/action.js';
import type { DeployReport } from '../../src/deploy-context.js';
import { realClients } from '../../src/run.js';
import { keys } from './cluster.js';

export interface StepRun {
  report?: DeployReport;
  error?: Error;
  /** The log as the runner would print it: one line per entry. */
  stdout: string;
  io: RecordingRunner;
}

/** `env` adds to (or replaces) the runner's variables, RUNNER_TEMP say. */
export async function runStep(
  inputs: Record<string, string>,
  workspace: string,
  env: Record<string, string> = {},
): Promise<StepRun> {
  const io = recordingRunner({
    inputs,
    env: {
      ...keys,
      GITHUB_WORKSPACE: workspace,
      GITHUB_SHA: 'c0ffee1234567890',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '42',
      GITHUB_SERVER_URL: 'https://github.example',
      ...env,
    },
  });
  let report: DeployReport | undefined;
  const outcome = await runMain(
    { ...eksDeploy, run: async (step) => (report = await eksDeploy.run(step)) },
    { io, clients: realClients },
  );
  const stdout = io.recorded.log.map((entry) => `${entry.message}\n`).join('');
  return {
    ...(report ? { report } : {}),
    ...(outcome && !outcome.ok ? { error: outcome.error as Error } : {}),
    stdout,
    io,
  };
}
