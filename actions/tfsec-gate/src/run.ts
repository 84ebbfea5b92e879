import { ActionError, stopwatch } from '@aws-delivery/action-kit';
import { asffFindings } from '@aws-delivery/findings';
import { customProductArn } from './aws/asff-context.js';
import type { Config } from './config.js';
import type { Deps, GateStep } from './gate/deps.js';
import { loadPolicy, policyStep } from './gate/policy-step.js';
import { publishLog, publishOutputs, publishPrComment } from './gate/publish.js';
import { scanStep } from './gate/scan-step.js';
import { asffContext, outputPaths, writeReports, type AsffTarget } from './gate/write-reports.js';
import type { GateReport } from './report/gate-report.js';

/** Where ASFF goes: the region and account of the config, else the caller's account when importing. */
async function asffTarget(config: Config, deps: Deps): Promise<AsffTarget | undefined> {
  if (!config.asff) return undefined;
  const { region } = config.asff;
  const accountId =
    config.asff.accountId ?? (config.securityHubImport ? await deps.callerAccountId(region, config.proxy) : undefined);
  return accountId ? { region, accountId, productArn: customProductArn(accountId, region) } : undefined;
}

/**
 * tfsec-gate: check the policy, scan (or read results), decide, report everywhere, then pass or fail. Whatever
 * fails, the skeleton's `onFailure` sets `passed: false` first: a step that reads it never mistakes a crash (or an
 * input that does not check out) for a pass.
 */
export async function run(step: GateStep): Promise<void> {
  const { config, clients: deps, log } = step;
  const now = deps.now();
  const time = stopwatch(log.debug);
  // The policy file and the baseline are read and checked before anything is installed or scanned.
  const loaded = await loadPolicy(config);
  const scan = await time('scan', () => scanStep(step));
  const evaluation = await time('policy', () =>
    policyStep(config, loaded, scan.findings, now.toISOString().slice(0, 10)),
  );
  const target = await asffTarget(config, deps);
  const report: GateReport = {
    tool: scan.tool,
    scanned: config.scanned,
    policy: loaded.policy,
    evaluation,
    files: outputPaths(config.workspace, config.outputDir, Boolean(target)),
  };
  const reported = await writeReports(report, config, now.toISOString(), target, time);
  publishOutputs(report, step);
  await time('job summary and annotations', () => publishLog(report, step));
  if (config.securityHubImport && target) {
    const findings = asffFindings(reported, asffContext(target, now.toISOString()));
    const result = await deps.importToSecurityHub(findings, target.region, config.proxy);
    log.info(`Security Hub: imported ${result.imported} finding(s).`);
    for (const failed of result.failed)
      log.warning(`Security Hub rejected ${failed.id}: ${failed.code} ${failed.message}`);
  }
  await publishPrComment(report, config.prComment, step);
  if (!evaluation.passed) {
    throw new ActionError(
      `the gate failed: ${evaluation.reasons.join('; ')}.`,
      'fix the findings, or record an exception with owner, reason and expiry in the policy file; see the job summary.',
    );
  }
  log.info(`tfsec-gate passed (${evaluation.findings.length} finding(s) in total).`);
}
