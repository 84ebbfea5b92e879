/**
 * One change-set deploy of one stack, on a small CloudFormation interface: plan from the stack's status (wait,
 * create, update, delete a never-created stack first when allowed, or refuse with the fix), create the change set,
 * wait for it, treat "no changes" as success, stop for review or execute, then follow the stack with its events
 * streamed until the operation ends, and give back the change rows, the outputs or the failing events' reasons.
 */
import {
  changeRows,
  changeSetOutcome,
  failureReasons,
  isNoChangesReason,
  newEvents,
  planStack,
  stackOutcome,
  type ChangeRow,
  type StackEventView,
} from './deploy-plan.js';

export interface StackView {
  stackId: string;
  status: string;
  statusReason?: string;
  /** EnableTerminationProtection as DescribeStacks reports it. */
  terminationProtection: boolean;
  outputs: { key: string; value: string }[];
}

export interface ChangeSetView {
  id: string;
  status: string;
  statusReason?: string;
  executionStatus?: string;
  changes: { action?: string; logicalId?: string; resourceType?: string; replacement?: string }[];
}

export interface ChangeSetRequest {
  stackName: string;
  /** Unique per stack (CloudFormation refuses a name in use): include the run id and attempt. */
  changeSetName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  template: { body: string } | { url: string };
  parameters: { key: string; value: string }[];
  capabilities: string[];
  tags: { key: string; value: string }[];
  notificationArns: string[];
  roleArn?: string;
}

/** The calls a deploy makes; the action's Query client implements it. */
export interface CloudFormationApi {
  /** Undefined when there is no such live stack. */
  describeStack(stackName: string): Promise<StackView | undefined>;
  createChangeSet(request: ChangeSetRequest): Promise<{ id: string; stackId: string }>;
  describeChangeSet(stackName: string, changeSetName: string): Promise<ChangeSetView>;
  executeChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteChangeSet(stackName: string, changeSetName: string): Promise<void>;
  /** The newest events first (the first page is enough: the deploy remembers where it was). */
  describeStackEvents(stackName: string): Promise<StackEventView[]>;
  deleteStack(stackName: string): Promise<void>;
  updateTerminationProtection(stackName: string, enabled: boolean): Promise<void>;
}

export interface DeployOptions {
  /** false: stop after the change set is ready, for review. */
  execute: boolean;
  /** Delete a stack whose first creation failed (ROLLBACK_COMPLETE) before creating it again. */
  deleteFailedStack: boolean;
  /** Set termination protection to this once the stack is deployed (or unchanged); undefined leaves it as it is. */
  terminationProtection?: boolean;
  pollIntervalMs: number;
  /** For each wait (change set, stack operation). */
  timeoutMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  onEvent?(event: StackEventView): void;
  /** The stack is in `status`, another operation under way: the deploy waits for it to end. */
  onWait?(status: string): void;
}

/** What the deploy did to termination protection: undefined when it was left as it was. */
export type ProtectionChange = 'enabled' | 'disabled';

export type DeployResult =
  | {
      outcome: 'deployed';
      stackId: string;
      status: string;
      changeSetId: string;
      changes: ChangeRow[];
      outputs: StackView['outputs'];
      protection?: ProtectionChange;
    }
  | {
      outcome: 'no-changes';
      stackId: string;
      status: string;
      reason: string;
      outputs: StackView['outputs'];
      protection?: ProtectionChange;
    }
  | { outcome: 'review'; stackId: string; changeSetId: string; changeSetName: string; changes: ChangeRow[] }
  | {
      outcome: 'failed';
      stackId?: string;
      status?: string;
      reason: string;
      events: StackEventView[];
      changes: ChangeRow[];
    };

/** A deploy that cannot start: the message says why and what to do. */
export class DeployRefused extends Error {
  override readonly name = 'DeployRefused';
}

/** A wait that did not end within `timeoutMs`: the stack or change set is left as it was. */
export class WaitTimedOut extends Error {
  override readonly name = 'WaitTimedOut';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.`);
  }
}

async function until<T>(options: DeployOptions, what: string, step: () => Promise<T | undefined>): Promise<T> {
  const deadline = options.now() + options.timeoutMs;
  for (;;) {
    const value = await step();
    if (value !== undefined) return value;
    if (options.now() >= deadline) throw new WaitTimedOut(what, options.timeoutMs);
    await options.sleep(options.pollIntervalMs);
  }
}

/** Waits until the stack's current operation ends; undefined when the stack is gone. */
async function settled(api: CloudFormationApi, stackName: string, options: DeployOptions, seen: { last?: string }) {
  return until(options, `stack ${stackName} to finish its operation`, async () => {
    // The status first, then the events: every event up to that status is in the page.
    const stack = await api.describeStack(stackName);
    const events = await api.describeStackEvents(stackName).catch(() => []);
    for (const event of newEvents(events, seen.last)) options.onEvent?.(event);
    if (events[0]) seen.last = events[0].eventId;
    if (!stack) return { stack: undefined };
    return stackOutcome(stack.status) === 'in-progress' ? undefined : { stack };
  });
}

/** Where a wait starts watching: the newest event now, so that only what happens from here on is streamed. */
async function watchFromNow(api: CloudFormationApi, stackName: string): Promise<{ last?: string }> {
  const newest = (await api.describeStackEvents(stackName).catch(() => []))[0];
  return newest ? { last: newest.eventId } : {};
}

/** Sets termination protection as asked when it differs from the stack's; says what changed. */
async function applyProtection(
  api: CloudFormationApi,
  stack: StackView | undefined,
  wanted: boolean | undefined,
): Promise<{ protection?: ProtectionChange }> {
  if (wanted === undefined || !stack || stack.terminationProtection === wanted) return {};
  await api.updateTerminationProtection(stack.stackId, wanted);
  return { protection: wanted ? 'enabled' : 'disabled' };
}

export async function deployStack(
  api: CloudFormationApi,
  request: ChangeSetRequest,
  options: DeployOptions,
): Promise<DeployResult> {
  const { stackName, changeSetName } = request;
  let stack = await api.describeStack(stackName);
  let plan = planStack(stack?.status, { stackName, deleteFailedStack: options.deleteFailedStack });
  if (plan.action === 'wait') {
    options.onWait?.(plan.status);
    stack = (await settled(api, stackName, options, await watchFromNow(api, stackName))).stack;
    plan = planStack(stack?.status, { stackName, deleteFailedStack: options.deleteFailedStack });
  }
  if (plan.action === 'refuse') throw new DeployRefused(plan.message);
  if (plan.action === 'recreate') {
    if (stack?.terminationProtection) {
      // Asked to turn it off: that is the owner's word that the failed stack may go.
      if (options.terminationProtection !== false)
        throw new DeployRefused(
          `Stack ${stackName} is in ${plan.status} and has termination protection, so it cannot be deleted and created again. ` +
            'Set termination-protection: false to turn it off first, or delete the stack yourself.',
        );
      await api.updateTerminationProtection(stackName, false);
    }
    // Followed by its id: by name, a deleted stack (and its DELETE_* events) cannot be read.
    const failedStack = stack?.stackId ?? stackName;
    const seen = await watchFromNow(api, failedStack);
    await api.deleteStack(stackName);
    await settled(api, failedStack, options, seen);
    plan = { action: 'create' };
  }
  if (plan.action === 'wait') throw new DeployRefused(`Stack ${stackName} is still in ${plan.status}.`);
  let created: { id: string; stackId: string };
  try {
    created = await api.createChangeSet({ ...request, changeSetType: plan.action === 'create' ? 'CREATE' : 'UPDATE' });
  } catch (error) {
    // "No updates are to be performed." can also come back as the call's error rather than as a FAILED change set.
    if (plan.action !== 'update' || !isNoChangesReason((error as Error).message)) throw error;
    const current = await api.describeStack(stackName);
    return {
      outcome: 'no-changes',
      stackId: current?.stackId ?? '',
      status: current?.status ?? '',
      reason: (error as Error).message,
      outputs: current?.outputs ?? [],
      ...(await applyProtection(api, current, options.terminationProtection)),
    };
  }
  const { changeSet, outcome } = await until(options, `change set ${changeSetName}`, async () => {
    const current = await api.describeChangeSet(stackName, created.id);
    const read = changeSetOutcome(current);
    return read.outcome === 'pending' ? undefined : { changeSet: current, outcome: read };
  });
  const changes = changeRows(changeSet.changes);
  if (outcome.outcome === 'no-changes') {
    await api.deleteChangeSet(stackName, created.id);
    const current = await api.describeStack(stackName);
    return {
      outcome: 'no-changes',
      stackId: created.stackId,
      status: current?.status ?? '',
      reason: outcome.reason,
      outputs: current?.outputs ?? [],
      ...(await applyProtection(api, current, options.terminationProtection)),
    };
  }
  if (outcome.outcome === 'failed')
    return { outcome: 'failed', stackId: created.stackId, reason: outcome.reason, events: [], changes };
  if (!options.execute) {
    return { outcome: 'review', stackId: created.stackId, changeSetId: created.id, changeSetName, changes };
  }
  const seen: { last?: string } = {};
  seen.last = (await api.describeStackEvents(stackName))[0]?.eventId;
  const start = seen.last;
  await api.executeChangeSet(stackName, created.id);
  const collected: StackEventView[] = [];
  const { stack: final } = await settled(
    api,
    created.stackId,
    {
      ...options,
      onEvent: (event) => {
        collected.push(event);
        options.onEvent?.(event);
      },
    },
    seen,
  );
  const status = final?.status ?? 'DELETE_COMPLETE';
  if (final && stackOutcome(status) === 'succeeded') {
    return {
      outcome: 'deployed',
      stackId: final.stackId,
      status,
      changeSetId: created.id,
      changes,
      outputs: final.outputs,
      ...(await applyProtection(api, final, options.terminationProtection)),
    };
  }
  const events = failureReasons(
    collected.length > 0 ? collected : newEvents(await api.describeStackEvents(created.stackId), start),
  );
  return {
    outcome: 'failed',
    stackId: created.stackId,
    status,
    reason: events[0]?.reason ?? final?.statusReason ?? `The stack ended in ${status}.`,
    events,
    changes,
  };
}
