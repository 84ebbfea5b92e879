/**
 * The decisions of a change-set deploy, as pure functions of what CloudFormation says: which change set to make for
 * the stack as it stands, what a finished change set means (ready, nothing to do, failed), whether a stack status is
 * an end and which kind, and which events explain a failure. Statuses and reasons as documented in
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html and
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html.
 */

export type StackPlan =
  | { action: 'create' }
  | { action: 'update' }
  /** ROLLBACK_COMPLETE (or a failed first creation) and deleting it was allowed: delete, then create. */
  | { action: 'recreate'; status: string }
  /** Another operation is under way: wait for it to end, then plan again. */
  | { action: 'wait'; status: string }
  | { action: 'refuse'; status: string; message: string };

/** Statuses of a stack that was never created successfully: only deleting it helps. */
const NEVER_CREATED = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED']);
/** Statuses a change set of type UPDATE can start from. */
const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

/** Whether a stack in this status was never created successfully, so it must be deleted before a new creation. */
export function wasNeverCreated(status: string | undefined): boolean {
  return status !== undefined && NEVER_CREATED.has(status);
}

/**
 * What to do for a stack in this status (undefined: no such stack, or DELETE_COMPLETE). REVIEW_IN_PROGRESS is a
 * stack made by an earlier CREATE change set that was never executed: a new CREATE change set takes it over.
 */
export function planStack(
  status: string | undefined,
  options: { stackName: string; deleteFailedStack: boolean },
): StackPlan {
  if (status === undefined || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS')
    return { action: 'create' };
  if (UPDATABLE.has(status)) return { action: 'update' };
  if (status.endsWith('_IN_PROGRESS')) return { action: 'wait', status };
  if (NEVER_CREATED.has(status)) {
    if (options.deleteFailedStack) return { action: 'recreate', status };
    return {
      action: 'refuse',
      status,
      message:
        `Stack ${options.stackName} is in ${status}: its first creation failed and rolled back, and CloudFormation ` +
        'cannot update such a stack. Read its events for why, fix the template, then delete the stack (or set the ' +
        'input that allows this step to delete it) and deploy again.',
    };
  }
  return {
    action: 'refuse',
    status,
    message:
      `Stack ${options.stackName} is in ${status}, which no change set can start from. ` +
      (status === 'UPDATE_ROLLBACK_FAILED'
        ? 'Continue the rollback (ContinueUpdateRollback, skipping the resources that cannot roll back), then deploy again.'
        : 'Resolve it in CloudFormation (its events tell why), then deploy again.'),
  };
}

export type ChangeSetOutcome =
  | { outcome: 'pending' }
  | { outcome: 'ready' }
  | { outcome: 'no-changes'; reason: string }
  | { outcome: 'failed'; reason: string };

/**
 * The reasons CloudFormation gives a change set that would change nothing: "The submitted information didn't
 * contain changes…" and, for a template whose only difference is outside resources, "No updates are to be performed."
 */
export function isNoChangesReason(reason: string | undefined): boolean {
  return /didn't contain changes|No updates are to be performed/i.test(reason ?? '');
}

export function changeSetOutcome(changeSet: {
  status: string;
  statusReason?: string;
  executionStatus?: string;
}): ChangeSetOutcome {
  const { status, statusReason } = changeSet;
  if (status === 'CREATE_COMPLETE')
    return changeSet.executionStatus === 'AVAILABLE' || changeSet.executionStatus === undefined
      ? { outcome: 'ready' }
      : { outcome: 'failed', reason: `The change set is ${changeSet.executionStatus}.` };
  if (status === 'FAILED') {
    return isNoChangesReason(statusReason)
      ? { outcome: 'no-changes', reason: statusReason ?? '' }
      : { outcome: 'failed', reason: statusReason ?? 'The change set failed without a reason.' };
  }
  if (status === 'DELETE_COMPLETE' || status === 'DELETE_FAILED')
    return { outcome: 'failed', reason: `The change set is ${status}.` };
  return { outcome: 'pending' };
}

export type StackOutcome = 'in-progress' | 'succeeded' | 'failed';

/** Whether a stack operation has ended, and how. A completed rollback is an end, and a failure. */
export function stackOutcome(status: string): StackOutcome {
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (
    status === 'CREATE_COMPLETE' ||
    status === 'UPDATE_COMPLETE' ||
    status === 'IMPORT_COMPLETE' ||
    status === 'DELETE_COMPLETE'
  ) {
    return 'succeeded';
  }
  return 'failed';
}

export interface StackEventView {
  eventId: string;
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
  timestamp: string;
}

/** Reasons that only echo another failure: shown after the real causes, if at all. */
const ECHOES = /^(Resource creation cancelled|Resource update cancelled|The following resource\(s\) failed to)/;

/**
 * The events that explain a failed operation: the *_FAILED events with a reason, oldest first, the real causes
 * before the cancellations and summaries they set off; at most `limit`.
 */
export function failureReasons(events: readonly StackEventView[], limit = 5): StackEventView[] {
  const failed = events.filter((event) => event.status.endsWith('_FAILED') && event.reason);
  const causes = failed.filter((event) => !ECHOES.test(event.reason ?? ''));
  return [...causes, ...failed.filter((event) => ECHOES.test(event.reason ?? ''))].slice(0, limit);
}

/**
 * The events not seen yet, oldest first, from a DescribeStackEvents page (newest first): everything newer than
 * the last event already shown (every event on the page without one).
 */
export function newEvents(newestFirst: readonly StackEventView[], lastSeenId: string | undefined): StackEventView[] {
  const fresh: StackEventView[] = [];
  for (const event of newestFirst) {
    if (event.eventId === lastSeenId) break;
    fresh.push(event);
  }
  return fresh.reverse();
}

export interface ChangeRow {
  action: string;
  logicalId: string;
  type: string;
  replacement: string;
}

/** The change table of the summary: action, logical id, type, replacement ("—" where it does not apply). */
export function changeRows(
  changes: readonly { action?: string; logicalId?: string; resourceType?: string; replacement?: string }[],
): ChangeRow[] {
  return changes.map((change) => ({
    action: change.action ?? '',
    logicalId: change.logicalId ?? '',
    type: change.resourceType ?? '',
    replacement: change.action === 'Modify' ? (change.replacement ?? 'False') : '—',
  }));
}
