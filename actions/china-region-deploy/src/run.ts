/**
 * The step: lint and rewrite the template for the China region, package its local artifacts to S3 (what is there
 * already is not uploaded again), deploy it by change set, and report findings, diff, changes and outputs.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ActionError, codeBlock, heading, table, type Step } from '@aws-delivery/action-kit';
import { partitionOfRegion } from '@aws-delivery/aws/names';
import { bundledAvailability } from './bundled-availability.js';
import { signingLines } from './credentials/partition-credentials.js';
import type { Clients } from './clients.js';
import type { Config } from './config.js';
import { DeployRefused, deployStack, WaitTimedOut, type DeployResult } from './deploy/deploy-stack.js';
import { packageAndUpload } from './package/package-and-upload.js';
import { rewriteTemplate } from './rewrite.js';
import type { PartitionFinding } from './partition-lint.js';

function findingsTable(findings: readonly PartitionFinding[]): string {
  if (findings.length === 0) return 'No partition findings.\n';
  return table(
    ['outcome', 'kind', 'where', 'found', 'message'],
    findings.map((f) => [f.outcome, f.kind, `${f.file}:${f.line}`, f.text, f.message]),
  );
}

function reportOutputs(step: Step<Config, Clients>, result: DeployResult): void {
  if (result.outcome === 'deployed' || result.outcome === 'no-changes') {
    for (const output of result.outputs) step.setOutput(output.key, output.value);
  }
  if (result.stackId) step.setOutput('stack-id', result.stackId);
  step.setOutput('status', result.outcome === 'review' ? 'REVIEW' : (result.status ?? ''));
  step.setOutput('changed', String(result.outcome === 'deployed'));
  if (result.outcome === 'review') step.setOutput('change-set-name', result.changeSetName);
}

export async function run(step: Step<Config, Clients>): Promise<void> {
  const { config, clients } = step;
  const templatePath = isAbsolute(config.template) ? config.template : join(config.workspace, config.template);
  const file = relative(config.workspace, templatePath) || config.template;
  const partition = partitionOfRegion(config.region);
  step.log.info(`Deploying ${file} as stack ${config.stackName} to ${config.region} (partition ${partition.id}).`);
  const availability = bundledAvailability();
  const rewrites: { file: string; diff: string; findings: PartitionFinding[] }[] = [];
  // Lint the top template first: a failing finding stops the step before anything is uploaded.
  const top = rewriteTemplate(readFileSync(templatePath, 'utf8'), file, {
    region: config.region,
    availability,
    policy: config.lintPolicy,
  });
  const findings = [...top.findings];
  for (const finding of top.findings) {
    const text = `${finding.kind}: ${finding.message}`;
    const where = { file: finding.file, line: finding.line };
    if (finding.outcome === 'fail') step.log.error(text, where);
    else if (finding.outcome === 'warn') step.log.warning(text, where);
    else step.log.info(`rewritten ${finding.file}:${finding.line}: ${text}`);
  }
  if (top.failed) {
    await step.writeSummary(heading('China region deploy'), heading('Partition findings', 3), findingsTable(findings));
    throw new ActionError(
      `The template has ${top.findings.filter((f) => f.outcome === 'fail').length} partition finding(s) that fail the step.`,
      'Fix them in the template, or set lint-policy to rewrite or warn for their kind.',
    );
  }
  // The aws-cn credentials before the first call (read from SSM when they are kept there), and who signs what.
  await clients.credentials.china();
  for (const line of signingLines(config, clients.credentials)) step.log.info(line);
  const packaged = await packageAndUpload({
    template: templatePath,
    root: config.workspace,
    target: { bucket: config.bucket, region: config.region, ...(config.keyPrefix ? { prefix: config.keyPrefix } : {}) },
    store: clients.store,
    rewrite: (nested, source) => {
      const name = relative(config.workspace, nested) || nested;
      const result = rewriteTemplate(source, name, { region: config.region, availability, policy: config.lintPolicy });
      if (result.diff) rewrites.push({ file: name, diff: result.diff, findings: result.findings });
      return result.text;
    },
  });
  step.log.info(
    `S3 ${config.bucket} (${partition.id}): ${packaged.upload.uploaded.length} uploaded, ` +
      `${packaged.upload.present.length} already there.`,
  );
  let result: DeployResult;
  try {
    result = await deployStack(
      clients.cloudFormation,
      {
        stackName: config.stackName,
        changeSetName: config.changeSetName,
        changeSetType: 'UPDATE',
        template: packaged.delivery.form === 'body' ? { body: packaged.delivery.body } : { url: packaged.delivery.url },
        parameters: config.parameters,
        capabilities: config.capabilities,
        tags: config.tags,
        notificationArns: config.notificationArns,
        ...(config.roleArn ? { roleArn: config.roleArn } : {}),
      },
      {
        execute: config.execute,
        deleteFailedStack: config.deleteRollbackComplete,
        ...(config.terminationProtection !== undefined ? { terminationProtection: config.terminationProtection } : {}),
        ...config.wait,
        sleep: (ms) => clients.sleep(ms),
        now: () => Date.now(),
        onEvent: (event) =>
          step.log.info(
            `${event.timestamp} ${event.logicalId} (${event.resourceType}) ${event.status}${event.reason ? `: ${event.reason}` : ''}`,
          ),
      },
    );
  } catch (error) {
    if (error instanceof DeployRefused)
      throw new ActionError(
        error.message,
        config.deleteRollbackComplete ? 'See the stack events.' : 'Or set delete-rollback-complete: true.',
      );
    if (error instanceof WaitTimedOut)
      throw new ActionError(
        error.message,
        'CloudFormation goes on without the step: see the stack in the console, or raise wait-timeout-minutes.',
      );
    throw error;
  }
  if ('protection' in result && result.protection)
    step.log.info(`Termination protection ${result.protection} on stack ${config.stackName}.`);
  reportOutputs(step, result);
  const changes = 'changes' in result ? result.changes : [];
  const diffs = rewrites.map((r) => codeBlock(r.diff, 'diff'));
  const outputs = 'outputs' in result ? result.outputs : [];
  await step.writeSummary(
    heading('China region deploy'),
    table(
      ['stack', 'region', 'partition', 'result'],
      [[config.stackName, config.region, partition.id, result.outcome]],
    ),
    heading('Partition findings', 3),
    findingsTable([...findings, ...rewrites.flatMap((r) => (r.file === file ? [] : r.findings))]),
    ...(diffs.length > 0 ? [heading('Rewrite diff', 3), ...diffs] : []),
    heading('Change set', 3),
    changes.length > 0
      ? table(
          ['action', 'logical id', 'type', 'replacement'],
          changes.map((c) => [c.action, c.logicalId, c.type, c.replacement]),
        )
      : 'No changes.\n',
    ...(outputs.length > 0
      ? [
          heading('Outputs', 3),
          table(
            ['key', 'value'],
            outputs.map((o) => [o.key, o.value]),
          ),
        ]
      : []),
  );
  if (result.outcome === 'failed') {
    throw new ActionError(
      `Stack ${config.stackName} failed${result.status ? ` (${result.status})` : ''}: ${result.reason}`,
      result.events.length > 0
        ? `Failing resources: ${result.events.map((e) => `${e.logicalId}: ${e.reason ?? ''}`).join('; ')}`
        : 'See the stack events in the CloudFormation console.',
    );
  }
  if (result.outcome === 'no-changes' && !config.noChangesOk)
    throw new ActionError(
      `Stack ${config.stackName} has no changes: ${result.reason}`,
      'Set no-changes-ok: true to accept this.',
    );
}
