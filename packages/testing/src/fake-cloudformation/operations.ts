/**
 * Stack operations as generators: each `yield` ends one tick of the fake's clock, so a client polling
 * DescribeStacks sees the documented statuses one after another
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#stack-status-codes):
 * - create: CREATE_IN_PROGRESS → CREATE_COMPLETE, or on a resource failure ROLLBACK_IN_PROGRESS →
 *   ROLLBACK_COMPLETE (CREATE_FAILED when rollback is disabled);
 * - update: UPDATE_IN_PROGRESS → UPDATE_COMPLETE_CLEANUP_IN_PROGRESS → UPDATE_COMPLETE, or on a failure
 *   UPDATE_ROLLBACK_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE
 *   (UPDATE_FAILED when rollback is disabled);
 * - delete: DELETE_IN_PROGRESS → DELETE_COMPLETE, or DELETE_FAILED.
 * Resources go one at a time, in dependency order (deleted in reverse), each with an IN_PROGRESS and a final event.
 */
import { evaluate, type EvaluationContext } from './evaluate.js';
import { markerOf, type ChangeSetRecord, type FailOn, type ResourceState, type StackRecord } from './model.js';
import { creationOrder, type TemplateModel, type TemplateResource } from './template.js';

export interface OperationHost {
  now(): string;
  event(
    stack: StackRecord,
    event: { logicalId: string; physicalId: string; type: string; status: string; reason?: string },
  ): void;
  physicalId(stack: StackRecord, logicalId: string): string;
  /** Failures asked for with failResource(), besides the Metadata markers. */
  failure(stack: StackRecord, logicalId: string, on: FailOn): string | undefined;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';

function stackEvent(host: OperationHost, stack: StackRecord, status: string, reason?: string): void {
  stack.status = status;
  if (reason === undefined) delete stack.statusReason;
  else stack.statusReason = reason;
  host.event(stack, {
    logicalId: stack.name,
    physicalId: stack.stackId,
    type: STACK_TYPE,
    status,
    ...(reason ? { reason } : {}),
  });
}

function resourceEvent(
  host: OperationHost,
  stack: StackRecord,
  resource: ResourceState,
  status: string,
  reason?: string,
): void {
  resource.status = status;
  host.event(stack, {
    logicalId: resource.logicalId,
    physicalId: resource.physicalId,
    type: resource.type,
    status,
    ...(reason ? { reason } : {}),
  });
}

function failureOf(
  host: OperationHost,
  stack: StackRecord,
  resource: TemplateResource,
  on: FailOn,
): string | undefined {
  const marker = markerOf(resource.metadata);
  if (marker.fail === on)
    return marker.reason ?? `Resource handler returned message: "${resource.logicalId} failed (fake)"`;
  return host.failure(stack, resource.logicalId, on);
}

export function parametersOf(template: TemplateModel, given: { key: string; value: string }[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(template.parameters)) {
    if (parameter.default !== undefined) values[name] = parameter.default;
  }
  for (const { key, value } of given) values[key] = value;
  return values;
}

export function contextOf(
  stack: StackRecord,
  template: TemplateModel,
  parameters: { key: string; value: string }[],
): EvaluationContext {
  const resources: EvaluationContext['resources'] = {};
  for (const resource of stack.resources.values()) {
    const declared = template.resources.find((candidate) => candidate.logicalId === resource.logicalId);
    resources[resource.logicalId] = {
      physicalId: resource.physicalId,
      type: resource.type,
      attributes: declared ? markerOf(declared.metadata).attributes : {},
    };
  }
  return {
    region: stack.region,
    accountId: stack.accountId,
    stackName: stack.name,
    stackId: stack.stackId,
    parameters: parametersOf(template, parameters),
    resources,
  };
}

/** The properties and metadata as applied: parameters resolved, so a new parameter value is a change. */
export function appliedState(
  resource: TemplateResource,
  parameters: Record<string, string>,
): { properties: string; metadata: string } {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof record.Ref === 'string' && record.Ref in parameters) {
      return parameters[record.Ref];
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const [body, variables] = Array.isArray(record['Fn::Sub'])
        ? (record['Fn::Sub'] as unknown[])
        : [record['Fn::Sub']];
      if (typeof body === 'string') {
        const substituted = body.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => parameters[name] ?? whole);
        return { 'Fn::Sub': variables === undefined ? substituted : [substituted, resolve(variables)] };
      }
    }
    return Object.fromEntries(keys.map((key) => [key, resolve(record[key])]));
  };
  return { properties: JSON.stringify(resolve(resource.properties)), metadata: JSON.stringify(resource.metadata) };
}

function outputsOf(stack: StackRecord, template: TemplateModel, parameters: { key: string; value: string }[]) {
  const context = contextOf(stack, template, parameters);
  return Object.entries(template.outputs).map(([key, output]) => ({
    key,
    value: String(evaluate(output.value, context)),
    ...(output.description ? { description: output.description } : {}),
    ...(output.exportName === undefined ? {} : { exportName: String(evaluate(output.exportName, context)) }),
  }));
}

function adopt(stack: StackRecord, changeSet: ChangeSetRecord): void {
  stack.template = changeSet.template;
  stack.parameters = changeSet.parameters;
  stack.tags = changeSet.tags;
  stack.capabilities = changeSet.capabilities;
  stack.notificationArns = changeSet.notificationArns;
  if (changeSet.roleArn) stack.roleArn = changeSet.roleArn;
}

export function* createStack(
  host: OperationHost,
  stack: StackRecord,
  changeSet: ChangeSetRecord,
): Generator<void, void, void> {
  adopt(stack, changeSet);
  stack.creationTime = host.now();
  stackEvent(host, stack, 'CREATE_IN_PROGRESS', 'User Initiated');
  yield;
  const parameters = parametersOf(changeSet.template, changeSet.parameters);
  const created: ResourceState[] = [];
  let failed: { resource: ResourceState; reason: string } | undefined;
  for (const declared of creationOrder(changeSet.template)) {
    const resource: ResourceState = {
      logicalId: declared.logicalId,
      type: declared.type,
      physicalId: '',
      ...appliedState(declared, parameters),
      status: 'CREATE_IN_PROGRESS',
    };
    stack.resources.set(declared.logicalId, resource);
    resourceEvent(host, stack, resource, 'CREATE_IN_PROGRESS');
    yield;
    const reason = failureOf(host, stack, declared, 'create');
    if (reason !== undefined) {
      resourceEvent(host, stack, resource, 'CREATE_FAILED', reason);
      failed = { resource, reason };
      break;
    }
    resource.physicalId = host.physicalId(stack, declared.logicalId);
    resourceEvent(host, stack, resource, 'CREATE_COMPLETE');
    created.push(resource);
    yield;
  }
  if (!failed) {
    stack.outputs = outputsOf(stack, changeSet.template, changeSet.parameters);
    stackEvent(host, stack, 'CREATE_COMPLETE');
    changeSet.executionStatus = 'EXECUTE_COMPLETE';
    return;
  }
  const why = `The following resource(s) failed to create: [${failed.resource.logicalId}]. `;
  if (stack.disableRollback) {
    stackEvent(host, stack, 'CREATE_FAILED', why.trim());
    changeSet.executionStatus = 'EXECUTE_FAILED';
    return;
  }
  yield;
  stackEvent(host, stack, 'ROLLBACK_IN_PROGRESS', `${why}Rollback requested by user.`);
  yield;
  for (const resource of [failed.resource, ...created.reverse()]) {
    resourceEvent(host, stack, resource, 'DELETE_IN_PROGRESS');
    yield;
    resourceEvent(host, stack, resource, 'DELETE_COMPLETE');
    stack.resources.delete(resource.logicalId);
    yield;
  }
  stackEvent(host, stack, 'ROLLBACK_COMPLETE');
  changeSet.executionStatus = 'EXECUTE_FAILED';
}

export function* updateStack(
  host: OperationHost,
  stack: StackRecord,
  changeSet: ChangeSetRecord,
): Generator<void, void, void> {
  const previous = {
    template: stack.template,
    parameters: stack.parameters,
    tags: stack.tags,
    capabilities: stack.capabilities,
    notificationArns: stack.notificationArns,
  };
  stack.lastUpdatedTime = host.now();
  stackEvent(host, stack, 'UPDATE_IN_PROGRESS', 'User Initiated');
  yield;
  const parameters = parametersOf(changeSet.template, changeSet.parameters);
  const changes = new Map(changeSet.changes.map((change) => [change.logicalId, change]));
  const done: { resource: ResourceState; before?: ResourceState }[] = [];
  const replaced: ResourceState[] = [];
  let failed: { resource: ResourceState; verb: 'create' | 'update'; before?: ResourceState } | undefined;
  for (const declared of creationOrder(changeSet.template)) {
    const change = changes.get(declared.logicalId);
    if (!change || change.action === 'Remove') continue;
    const before = stack.resources.get(declared.logicalId);
    const applied = appliedState(declared, parameters);
    if (change.action === 'Add' || change.replacement === 'True' || !before) {
      const resource: ResourceState = {
        logicalId: declared.logicalId,
        type: declared.type,
        physicalId: '',
        ...applied,
        status: '',
      };
      stack.resources.set(declared.logicalId, resource);
      const reason = before
        ? 'Requested update requires the creation of a new physical resource; hence creating one.'
        : undefined;
      resourceEvent(host, stack, resource, before ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS', reason);
      yield;
      const failure = failureOf(host, stack, declared, before ? 'update' : 'create');
      if (failure !== undefined) {
        resourceEvent(host, stack, resource, before ? 'UPDATE_FAILED' : 'CREATE_FAILED', failure);
        failed = before ? { resource, verb: 'update', before } : { resource, verb: 'create' };
        break;
      }
      resource.physicalId = host.physicalId(stack, declared.logicalId);
      resourceEvent(host, stack, resource, before ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE');
      if (before) replaced.push(before);
      done.push(before ? { resource, before } : { resource });
    } else {
      const resource: ResourceState = { ...before, ...applied };
      stack.resources.set(declared.logicalId, resource);
      resourceEvent(host, stack, resource, 'UPDATE_IN_PROGRESS');
      yield;
      const failure = failureOf(host, stack, declared, 'update');
      if (failure !== undefined) {
        resourceEvent(host, stack, resource, 'UPDATE_FAILED', failure);
        failed = { resource, verb: 'update', before };
        break;
      }
      resourceEvent(host, stack, resource, 'UPDATE_COMPLETE');
      done.push({ resource, before });
    }
    yield;
  }
  if (!failed) {
    adopt(stack, changeSet);
    stack.outputs = outputsOf(stack, changeSet.template, changeSet.parameters);
    stackEvent(host, stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    yield;
    const removed = changeSet.changes
      .filter((change) => change.action === 'Remove')
      .map((change) => stack.resources.get(change.logicalId))
      .filter((resource): resource is ResourceState => resource !== undefined);
    for (const resource of [...replaced, ...removed.reverse()]) {
      resourceEvent(host, stack, resource, 'DELETE_IN_PROGRESS');
      yield;
      resourceEvent(host, stack, resource, 'DELETE_COMPLETE');
      if (removed.includes(resource)) stack.resources.delete(resource.logicalId);
      yield;
    }
    stackEvent(host, stack, 'UPDATE_COMPLETE');
    changeSet.executionStatus = 'EXECUTE_COMPLETE';
    return;
  }
  const why = `The following resource(s) failed to ${failed.verb}: [${failed.resource.logicalId}]. `;
  if (stack.disableRollback) {
    stackEvent(host, stack, 'UPDATE_FAILED', why.trim());
    changeSet.executionStatus = 'EXECUTE_FAILED';
    return;
  }
  yield;
  stackEvent(host, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', why.trim());
  yield;
  // Back to the previous state: updated resources updated back (the failed one too), in reverse.
  const reverted = [
    ...(failed.before ? [{ resource: failed.resource, before: failed.before }] : []),
    ...done.reverse(),
  ];
  const added: ResourceState[] = failed.before ? [] : [failed.resource];
  for (const { resource, before } of reverted) {
    if (!before) {
      added.push(resource);
      continue;
    }
    if (before.physicalId !== resource.physicalId) {
      added.push(resource);
      stack.resources.set(before.logicalId, before);
      continue;
    }
    const restored = { ...before };
    stack.resources.set(before.logicalId, restored);
    resourceEvent(host, stack, restored, 'UPDATE_IN_PROGRESS');
    yield;
    resourceEvent(host, stack, restored, 'UPDATE_COMPLETE');
    yield;
  }
  Object.assign(stack, previous);
  stackEvent(host, stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  yield;
  for (const resource of added) {
    resourceEvent(host, stack, resource, 'DELETE_IN_PROGRESS');
    yield;
    resourceEvent(host, stack, resource, 'DELETE_COMPLETE');
    if (stack.resources.get(resource.logicalId) === resource) stack.resources.delete(resource.logicalId);
    yield;
  }
  stackEvent(host, stack, 'UPDATE_ROLLBACK_COMPLETE');
  changeSet.executionStatus = 'EXECUTE_FAILED';
}

export function* deleteStack(host: OperationHost, stack: StackRecord): Generator<void, void, void> {
  stackEvent(host, stack, 'DELETE_IN_PROGRESS', 'User Initiated');
  yield;
  const order = stack.template ? creationOrder(stack.template).map((resource) => resource.logicalId) : [];
  const resources = [...stack.resources.values()].sort(
    (a, b) => order.indexOf(b.logicalId) - order.indexOf(a.logicalId),
  );
  for (const resource of resources) {
    resourceEvent(host, stack, resource, 'DELETE_IN_PROGRESS');
    yield;
    const declared = stack.template?.resources.find((candidate) => candidate.logicalId === resource.logicalId);
    const failure = declared ? failureOf(host, stack, declared, 'delete') : undefined;
    if (failure !== undefined) {
      resourceEvent(host, stack, resource, 'DELETE_FAILED', failure);
      yield;
      stackEvent(host, stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${resource.logicalId}]. `);
      return;
    }
    resourceEvent(host, stack, resource, 'DELETE_COMPLETE');
    stack.resources.delete(resource.logicalId);
    yield;
  }
  stack.deletionTime = host.now();
  stackEvent(host, stack, 'DELETE_COMPLETE');
}
