/**
 * The step: lint and rewrite the template for the China region, package its local artifacts to S3 (what is there
 * already is not uploaded again), deploy it by change set (and the same template to a global region when asked),
 * and report findings, diff, changes and outputs.
 */
import { relative } from 'node:path';
import { ActionError, codeBlock, heading, readInputFile, table, type Step } from '@aws-delivery/action-kit';
import { partitionOfRegion } from '@aws-delivery/aws/names';
import { bundledAvailability } from './bundled-availability.js';
import type { Clients } from './clients.js';
import type { Config } from './config.js';
import { signingLines } from './credentials/partition-credentials.js';
import type { DeployResult } from './deploy/deploy-stack.js';
import { wasNeverCreated } from './deploy/deploy-plan.js';
import {
  deploySide,
  neverCreatedFix,
  packageSide,
  reportSideOutputs,
  sidesOf,
  sidesTable,
  type DeploySide,
  type SideOutcome,
} from './deploy/sides.js';
import { rewriteTemplate } from './rewrite.js';
import type { PartitionFinding } from './partition-lint.js';

function findingsTable(findings: readonly PartitionFinding[]): string {
  if (findings.length === 0) return 'No partition findings.\n';
  return table(
    ['outcome', 'kind', 'where', 'found', 'message'],
    findings.map((f) => [f.outcome, f.kind, `${f.file}:${f.line}`, f.text, f.message]),
  );
}

function sideSections(side: DeploySide, result: DeployResult, labelled: boolean): string[] {
  const title = (what: string) => heading(labelled ? `${what}: ${side.stackName} (${side.region})` : what, 3);
  const changes = 'changes' in result ? result.changes : [];
  const outputs = 'outputs' in result ? result.outputs : [];
  return [
    title('Change set'),
    changes.length > 0
      ? table(
          ['action', 'logical id', 'type', 'replacement'],
          changes.map((c) => [c.action, c.logicalId, c.type, c.replacement]),
        )
      : 'No changes.\n',
    ...(outputs.length > 0
      ? [
          title('Outputs'),
          table(
            ['key', 'value'],
            outputs.map((o) => [o.key, o.value]),
          ),
        ]
      : []),
  ];
}

/** The error the step fails with for one side's result, if any. */
function verdictOf(config: Config, side: DeploySide, result: DeployResult, labelled: boolean): ActionError | undefined {
  const stack = labelled ? `${side.stackName} (${side.region})` : side.stackName;
  if (result.outcome === 'failed')
    return new ActionError(
      `Stack ${stack} failed${result.status ? ` (${result.status})` : ''}: ${result.reason}`,
      [
        result.events.length > 0
          ? `Failing resources: ${result.events.map((e) => `${e.logicalId}: ${e.reason ?? ''}`).join('; ')}`.replace(
              /(?<![.!?])$/,
              '.',
            )
          : 'See the stack events in the CloudFormation console.',
        ...(wasNeverCreated(result.status) ? [neverCreatedFix(config, stack)] : []),
      ].join(' '),
    );
  if (result.outcome === 'no-changes' && !config.noChangesOk)
    return new ActionError(
      `Stack ${stack} has no changes: ${result.reason}`,
      'Set no-changes-ok: true to accept this.',
    );
  return undefined;
}

export async function run(step: Step<Config, Clients>): Promise<void> {
  const { config, clients } = step;
  const templatePath = config.template;
  const file = relative(config.workspace, templatePath) || templatePath;
  const partition = partitionOfRegion(config.region);
  step.log.info(`Deploying ${file} as stack ${config.stackName} to ${config.region} (partition ${partition.id}).`);
  const availability = bundledAvailability();
  const rewrites: { file: string; diff: string; findings: PartitionFinding[] }[] = [];
  // Lint the top template first: a failing finding stops the step before anything is uploaded.
  const top = rewriteTemplate(readInputFile('template', templatePath), file, {
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
  // The credentials of each side before its first call (the aws-cn keys read from SSM when kept there).
  await clients.credentials.china();
  if (config.global) await clients.credentials.globalSigning();
  for (const line of signingLines(config, clients.credentials)) step.log.info(line);

  const rewrite = (nested: string, source: string, record: boolean) => {
    const name = relative(config.workspace, nested) || nested;
    const result = rewriteTemplate(source, name, { region: config.region, availability, policy: config.lintPolicy });
    if (record && result.diff) rewrites.push({ file: name, diff: result.diff, findings: result.findings });
    return result.text;
  };
  const sides = sidesOf(config, clients);
  const labelled = sides.length > 1;
  const outcomes: SideOutcome[] = sides.map((side) => ({ side }));
  // One side after the other, China first: a side that fails stops the next, so the global stack is never ahead.
  for (const [index, outcome] of outcomes.entries()) {
    try {
      // The same rewrites on each side (the global template is the China one, with its own bucket's URLs).
      const template = await packageSide(step, outcome.side, templatePath, (path, source) =>
        rewrite(path, source, index === 0),
      );
      outcome.result = await deploySide(step, outcome.side, template, labelled);
      reportSideOutputs(step, outcome.side, outcome.result);
    } catch (error) {
      outcome.error = error;
    }
    if (outcome.error || outcome.result?.outcome === 'failed') break;
  }

  const diffs = rewrites.map((r) => codeBlock(r.diff, 'diff'));
  await step.writeSummary(
    heading('China region deploy'),
    sidesTable(outcomes),
    heading('Partition findings', 3),
    findingsTable([...findings, ...rewrites.flatMap((r) => (r.file === file ? [] : r.findings))]),
    ...(diffs.length > 0 ? [heading('Rewrite diff', 3), ...diffs] : []),
    ...outcomes.flatMap((outcome) => (outcome.result ? sideSections(outcome.side, outcome.result, labelled) : [])),
  );
  for (const outcome of outcomes) {
    if (outcome.error) throw outcome.error;
    const verdict = outcome.result && verdictOf(config, outcome.side, outcome.result, labelled);
    if (verdict) throw verdict;
  }
}
