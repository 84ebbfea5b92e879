// Runs the step in-process (src/run.ts) with inputs, capturing what it prints.
import { ActionError } from '@aws-delivery/action-kit';
import { defaultAccessDeps } from '../../src/cluster-access.js';
import type { DeployReport } from '../../src/deploy-context.js';
import { run } from '../../src/run.js';
import { keys } from './cluster.js';

export interface StepRun {
  report?: DeployReport;
  error?: Error;
  stdout: string;
}

export async function runStep(inputs: Record<string, string>, workspace: string): Promise<StepRun> {
  const saved = { ...process.env };
  Object.assign(process.env, keys, { AWS_EC2_METADATA_DISABLED: 'true' });
  delete process.env.GITHUB_OUTPUT;
  delete process.env.GITHUB_STEP_SUMMARY;
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const report = await run({
      input: (name) => inputs[name] ?? '',
      env: {
        ...keys,
        GITHUB_WORKSPACE: workspace,
        GITHUB_SHA: 'c0ffee1234567890',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '42',
        GITHUB_SERVER_URL: 'https://github.example',
      },
      access: defaultAccessDeps(),
      clock: Date.now,
    });
    return { report, stdout: chunks.join('') };
  } catch (error) {
    const report = error instanceof ActionError ? (error.cause as DeployReport | undefined) : undefined;
    return { ...(report ? { report } : {}), error: error as Error, stdout: chunks.join('') };
  } finally {
    process.stdout.write = write;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
