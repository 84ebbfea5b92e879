import { ActionError, ConfigurationError, inputFromRunner, readInputs, stopwatch } from '@aws-delivery/action-kit';
import { tmpdir } from 'node:os';
import { defaultDeps, type Deps } from './gate/deps.js';
import { policyStep } from './gate/policy-step.js';
import { publishLog, publishOutputs, publishPrComment } from './gate/publish.js';
import { scanStep } from './gate/scan-step.js';
import { asffContext, outputPaths, writeReports, type AsffTarget } from './gate/write-reports.js';
import { validateAccountId, validateRegion } from '@aws-delivery/aws/names';
import { asffFindings } from '@aws-delivery/findings';
import { customProductArn } from './aws/asff-context.js';
import { inputSpec, type Inputs } from './inputs.js';
import type { GateReport } from './report/gate-report.js';
import { runSettings } from './settings.js';

/** Where ASFF goes: needs a region and an account (the input, or the caller's identity when importing). */
async function asffTarget(inputs: Inputs, deps: Deps): Promise<AsffTarget | undefined> {
  const regionInput = inputs['aws-region'] || deps.env.AWS_REGION || deps.env.AWS_DEFAULT_REGION || '';
  if (!regionInput) {
    if (inputs['security-hub-import']) {
      throw new ConfigurationError(
        'security-hub-import is true but no region is known. Fix: set aws-region (or AWS_REGION).',
        'aws-region',
      );
    }
    return undefined;
  }
  const region = validateRegion(regionInput, 'aws-region');
  const proxy = inputs['http-proxy'] || undefined;
  const accountId = inputs['aws-account-id']
    ? validateAccountId(inputs['aws-account-id'], 'aws-account-id')
    : inputs['security-hub-import']
      ? await deps.callerAccountId(region, proxy)
      : undefined;
  return accountId ? { region, accountId, productArn: customProductArn(accountId, region) } : undefined;
}

/**
 * tfsec-gate: scan (or read results), decide by policy, report everywhere, then pass or fail. Whatever fails, the
 * `passed` output is `false`: a step that reads it never mistakes a crash for a pass.
 */
export async function run(deps: Deps = defaultDeps(), inputs?: Inputs): Promise<void> {
  try {
    await gate(deps, inputs ?? readInputs(inputSpec, inputFromRunner));
  } catch (error) {
    deps.setOutput('passed', 'false');
    throw error;
  }
}

async function gate(deps: Deps, inputs: Inputs): Promise<void> {
  const settings = runSettings(inputs, deps.env, tmpdir());
  const now = deps.now();
  const time = stopwatch(deps.log.debug);
  const scan = await time('scan', () => scanStep(inputs, settings, deps));
  const { policy, evaluation } = await time('policy', () =>
    policyStep(inputs, settings, scan.findings, now.toISOString().slice(0, 10)),
  );
  const target = await asffTarget(inputs, deps);
  const report: GateReport = {
    tool: scan.tool,
    scanned: settings.scanned,
    policy,
    evaluation,
    files: outputPaths(settings.workspace, settings.outputDir, Boolean(target)),
  };
  const reported = await writeReports(
    report,
    { workspace: settings.workspace, ...(inputs['write-baseline'] ? { writeBaseline: inputs['write-baseline'] } : {}) },
    now.toISOString(),
    target,
    time,
  );
  publishOutputs(report, deps);
  await time('job summary and annotations', () => publishLog(report, deps));
  if (inputs['security-hub-import'] && target) {
    const findings = asffFindings(reported, asffContext(target, now.toISOString()));
    const result = await deps.importToSecurityHub(findings, target.region, inputs['http-proxy'] || undefined);
    deps.log.info(`Security Hub: imported ${result.imported} finding(s).`);
    for (const failed of result.failed)
      deps.log.warning(`Security Hub rejected ${failed.id}: ${failed.code} ${failed.message}`);
  }
  await publishPrComment(report, inputs, deps);
  if (!evaluation.passed) {
    throw new ActionError(
      `the gate failed: ${evaluation.reasons.join('; ')}.`,
      'fix the findings, or record an exception with owner, reason and expiry in the policy file; see the job summary.',
    );
  }
  deps.log.info(`tfsec-gate passed (${evaluation.findings.length} finding(s) in total).`);
}
