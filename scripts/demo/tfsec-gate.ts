// Demo stage: the Terraform security gate, from its committed bundle through the runner simulator, on
// demo/terraform. The scanner is a stand-in that replays a real Trivy report of the same shape (no scanner can be
// downloaded here); the policy decides the exit status.
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulateStep } from '@aws-delivery/testing';
import type { DemoContext, StageResult } from './context.js';

const root = new URL('../..', import.meta.url).pathname;

export async function demo(context?: DemoContext): Promise<StageResult & { summary: string }> {
  const fixture = join(root, 'packages/testing/fixtures/scanners/trivy/config-scan-report-legacy-avdid.json');
  readFileSync(fixture); // fails loudly when the fixture is missing
  const standIn = join(root, 'actions/tfsec-gate/test/stand-in-scanner.mjs');
  chmodSync(standIn, 0o755);
  const workspace = mkdtempSync(join(tmpdir(), 'demo-tfsec-gate-'));
  context?.onStop(async () => rmSync(workspace, { recursive: true, force: true }));
  cpSync(join(root, 'demo/terraform'), join(workspace, 'terraform'), { recursive: true });
  const result = await simulateStep({
    action: 'tfsec-gate',
    workspace,
    inputs: {
      scanner: 'trivy',
      'scanner-path': standIn,
      'working-directory': 'terraform',
      'policy-file': 'terraform/tfsec-gate.yml',
      'aws-account-id': '111122223333',
      'aws-region': 'eu-west-1',
    },
    env: { STAND_IN_FIXTURE: fixture },
  });
  const o = result.outputs;
  const passed = o.passed === 'true';
  const errorLine = result.stdout.split('\n').find((line) => line.startsWith('::error::tfsec-gate:'));
  const lines = [
    `verdict: ${passed ? 'passed' : 'failed'} -> exit status ${result.exitCode}`,
    `counts: critical ${o['critical-count']}, high ${o['high-count']}, medium ${o['medium-count']}, low ${o['low-count']}; new ${o['new-findings-count']}`,
    ...(errorLine ? [`why: ${errorLine.replace('::error::', '')}`] : []),
    ...result.annotations.slice(0, 6).map((a) => `${a.level} ${a.file ?? ''}:${a.line ?? ''} ${a.title ?? ''}`),
    `files: ${o['sarif-path']}, ${o['asff-path']}, ${o['report-path']}`,
  ];
  return {
    // The stage works when the exit status is the one the policy decided.
    ok: result.exitCode === (passed ? 0 : 1) && o.passed !== undefined,
    lines,
    summary: result.summary,
    outputs: o,
    files: [o['sarif-path'], o['asff-path'], o['report-path']]
      .filter((path): path is string => Boolean(path))
      .map((path) => resolve(workspace, path)),
    ...(passed
      ? {}
      : {
          intended: `gate failed as intended: ${o['critical-count']} CRITICAL, ${o['high-count']} HIGH findings`,
        }),
  };
}
