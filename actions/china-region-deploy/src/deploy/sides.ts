/**
 * The sides of one step: the China stack, and optionally the same template's stack in a region of the global
 * account. Each side is packaged to its own bucket (its partition's S3 URLs), deployed by change set with its own
 * clients, and reported with its own outputs (the global side's prefixed `global-`). Both are shown in one table.
 */
import { ActionError, table, type Step } from '@aws-delivery/action-kit';
import { parseArn, partitionOfRegion } from '@aws-delivery/aws/names';
import type { Clients, SideClients } from '../clients.js';
import type { Config } from '../config.js';
import { packageAndUpload } from '../package/package-and-upload.js';
import type { StackEventView } from './deploy-plan.js';
import { DeployRefused, deployStack, WaitTimedOut, type DeployResult } from './deploy-stack.js';

export interface DeploySide {
  /** Before each step output of this side: '' for China, 'global-' for the global side. */
  outputPrefix: string;
  stackName: string;
  region: string;
  bucket: string;
  changeSetName: string;
  roleArn?: string;
  notificationArns: string[];
  clients: SideClients;
}

export interface SideOutcome {
  side: DeploySide;
  /** Undefined when the side was not deployed (it failed before, or the China side failed first). */
  result?: DeployResult;
  /** What stopped the side, when it did not get a result. */
  error?: unknown;
}

export function sidesOf(config: Config, clients: Clients): DeploySide[] {
  const china: DeploySide = {
    outputPrefix: '',
    stackName: config.stackName,
    region: config.region,
    bucket: config.bucket,
    changeSetName: config.changeSetName,
    ...(config.roleArn ? { roleArn: config.roleArn } : {}),
    notificationArns: config.notificationArns,
    clients,
  };
  if (!config.global || !clients.global) return [china];
  const { global } = config;
  return [
    china,
    {
      outputPrefix: 'global-',
      stackName: global.stackName,
      region: global.region,
      bucket: global.bucket,
      changeSetName: global.changeSetName,
      ...(global.roleArn ? { roleArn: global.roleArn } : {}),
      notificationArns: global.notificationArns,
      clients: clients.global,
    },
  ];
}

export type PackagedTemplate = { body: string } | { url: string };

/** Packages the template to the side's bucket; `rewrite` is the partition rewrite every template goes through. */
export async function packageSide(
  step: Step<Config, Clients>,
  side: DeploySide,
  template: string,
  rewrite: (file: string, source: string) => string,
): Promise<PackagedTemplate> {
  const { config } = step;
  const packaged = await packageAndUpload({
    template,
    root: config.workspace,
    target: { bucket: side.bucket, region: side.region, ...(config.keyPrefix ? { prefix: config.keyPrefix } : {}) },
    store: side.clients.store,
    rewrite,
  });
  step.log.info(
    `S3 ${side.bucket} (${partitionOfRegion(side.region).id}): ${packaged.upload.uploaded.length} uploaded, ` +
      `${packaged.upload.present.length} already there.`,
  );
  return packaged.delivery.form === 'body' ? { body: packaged.delivery.body } : { url: packaged.delivery.url };
}

function eventLine(event: StackEventView): string {
  return `${event.timestamp} ${event.logicalId} (${event.resourceType}) ${event.status}${event.reason ? `: ${event.reason}` : ''}`;
}

const DELETE_ROLLBACK_COMPLETE = 'set delete-rollback-complete: true for the step to delete it first';

/**
 * What to do about a stack whose first creation failed (ROLLBACK_COMPLETE and the like): it must be deleted before
 * it can be created again, by the next run when the input allows it, or by hand.
 */
export function neverCreatedFix(config: Pick<Config, 'deleteRollbackComplete'>, stack: string): string {
  return config.deleteRollbackComplete
    ? `Stack ${stack} must be deleted before it can be created again: the next run deletes it first (delete-rollback-complete is true). Fix the template before you run again.`
    : `Stack ${stack} must be deleted before it can be created again: fix the template, then ${DELETE_ROLLBACK_COMPLETE}, or delete the stack yourself.`;
}

/** One side's change-set deploy; a refusal or a timed-out wait becomes an ActionError with the fix. */
export async function deploySide(
  step: Step<Config, Clients>,
  side: DeploySide,
  template: PackagedTemplate,
  labelled: boolean,
): Promise<DeployResult> {
  const { config, clients } = step;
  const label = labelled ? `${side.stackName} (${side.region}): ` : '';
  try {
    return await deployStack(
      side.clients.cloudFormation,
      {
        stackName: side.stackName,
        changeSetName: side.changeSetName,
        changeSetType: 'UPDATE',
        template,
        parameters: config.parameters,
        capabilities: config.capabilities,
        tags: config.tags,
        notificationArns: side.notificationArns,
        ...(side.roleArn ? { roleArn: side.roleArn } : {}),
      },
      {
        execute: config.execute,
        deleteFailedStack: config.deleteRollbackComplete,
        ...(config.terminationProtection !== undefined ? { terminationProtection: config.terminationProtection } : {}),
        ...config.wait,
        sleep: (ms) => clients.sleep(ms),
        now: () => Date.now(),
        onEvent: (event) => step.log.info(`${label}${eventLine(event)}`),
        onWait: (status) =>
          step.log.info(`${label}Stack ${side.stackName} is in ${status}: waiting for that operation to end first.`),
      },
    );
  } catch (error) {
    if (error instanceof DeployRefused)
      throw new ActionError(
        error.message,
        config.deleteRollbackComplete ? 'See the stack events.' : `Or ${DELETE_ROLLBACK_COMPLETE}.`,
      );
    if (error instanceof WaitTimedOut)
      throw new ActionError(
        error.message,
        'CloudFormation goes on without the step: see the stack in the console, or raise wait-timeout-minutes.',
      );
    throw error;
  }
}

/** Which account and partition the stack is in, read from its id (an ARN CloudFormation returned): no extra call. */
function logAccount(step: Step<Config, Clients>, side: DeploySide, stackId: string): void {
  try {
    const arn = parseArn(stackId, 'the stack id');
    step.log.info(
      `Stack ${side.stackName} is in account ${arn.accountId}, partition ${arn.partition} (${arn.region}).`,
    );
  } catch {
    step.log.info(`Stack ${side.stackName}: its stack id is not an ARN, so its account is not known.`);
  }
}

/** The side's step outputs: the stack's outputs, stack-id, status, changed and change-set-name, prefixed. */
export function reportSideOutputs(step: Step<Config, Clients>, side: DeploySide, result: DeployResult): void {
  const set = (name: string, value: string) => step.setOutput(`${side.outputPrefix}${name}`, value);
  if (result.outcome === 'deployed' || result.outcome === 'no-changes') {
    for (const output of result.outputs) set(output.key, output.value);
  }
  if (result.stackId) {
    set('stack-id', result.stackId);
    logAccount(step, side, result.stackId);
  }
  set('status', result.outcome === 'review' ? 'REVIEW' : (result.status ?? ''));
  set('changed', String(result.outcome === 'deployed'));
  if (result.outcome === 'review') set('change-set-name', result.changeSetName);
  if ('protection' in result && result.protection)
    step.log.info(`Termination protection ${result.protection} on stack ${side.stackName} (${side.region}).`);
}

function resultOf(outcome: SideOutcome): string {
  if (outcome.result) return outcome.result.outcome;
  return outcome.error ? 'error' : 'skipped';
}

/** Both stacks side by side: stack, region, partition, result, changes, outputs. */
export function sidesTable(outcomes: readonly SideOutcome[]): string {
  return table(
    ['stack', 'region', 'partition', 'result', 'changes', 'outputs'],
    outcomes.map((outcome) => {
      const result = outcome.result;
      return [
        outcome.side.stackName,
        outcome.side.region,
        partitionOfRegion(outcome.side.region).id,
        resultOf(outcome),
        result && 'changes' in result ? result.changes.length : '',
        result && 'outputs' in result ? result.outputs.length : '',
      ];
    }),
  );
}
