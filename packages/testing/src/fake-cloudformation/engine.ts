/**
 * The fake's CloudFormation: the seven operations on stacks and change sets, and a clock whose ticks move every
 * operation under way to its next state. Requests answer at once; work happens on ticks (see ./operations.ts).
 */
import { randomUUID } from 'node:crypto';
import { partitionOfRegion } from '@aws-delivery/aws/names';
import { checkCapabilities, computeChangeSet } from './change-sets.js';
import type { ChangeSetRecord, FailOn, Parameter, StackEvent, StackRecord, Tag } from './model.js';
import { createStack, deleteStack, updateStack, type OperationHost } from './operations.js';
import { CloudFormationError, validationError } from './query.js';
import { creationOrder, readTemplate } from './template.js';

export interface CreateChangeSetInput {
  region: string;
  stackName: string;
  changeSetName: string;
  changeSetType?: 'CREATE' | 'UPDATE';
  templateBody?: string;
  templateUrl?: string;
  usePreviousTemplate?: boolean;
  parameters: { key: string; value?: string; usePreviousValue?: boolean }[];
  capabilities: string[];
  tags: Tag[];
  notificationArns: string[];
  roleArn?: string;
  description?: string;
}

const TERMINAL_OK = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE']);
const BUSY = /_IN_PROGRESS$/;

export class CloudFormationEngine implements OperationHost {
  private readonly stacks: StackRecord[] = [];
  private readonly changeSets: ChangeSetRecord[] = [];
  private readonly failures = new Map<string, { on: FailOn; reason: string }>();
  private ticks = 0;
  private sequence = 0;

  constructor(
    private readonly accountId: string,
    private readonly start: number,
    private readonly templates: (url: string) => string | undefined,
  ) {}

  now(): string {
    return new Date(this.start + this.ticks * 1000).toISOString();
  }

  event(
    stack: StackRecord,
    event: { logicalId: string; physicalId: string; type: string; status: string; reason?: string },
  ) {
    const record: StackEvent = {
      eventId:
        event.type === 'AWS::CloudFormation::Stack' ? randomUUID() : `${event.logicalId}-${event.status}-${this.now()}`,
      stackId: stack.stackId,
      stackName: stack.name,
      logicalId: event.logicalId,
      physicalId: event.physicalId,
      resourceType: event.type,
      timestamp: this.now(),
      status: event.status,
      ...(event.reason ? { reason: event.reason } : {}),
    };
    stack.events.push(record);
  }

  physicalId(stack: StackRecord, logicalId: string): string {
    this.sequence += 1;
    const suffix = this.sequence.toString(36).toUpperCase().padStart(12, '0');
    return `${stack.name}-${logicalId}-${suffix}`.slice(0, 128);
  }

  failure(stack: StackRecord, logicalId: string, on: FailOn): string | undefined {
    const key = `${stack.name}/${logicalId}`;
    const failure = this.failures.get(key);
    if (failure?.on !== on) return undefined;
    this.failures.delete(key);
    return failure.reason;
  }

  /** Makes a resource fail the next time (once) it is created, updated or deleted in that stack. */
  failResource(stackName: string, logicalId: string, on: FailOn, reason: string): void {
    this.failures.set(`${stackName}/${logicalId}`, { on, reason });
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** One step of the clock: every operation under way moves on by one state. */
  tick(): void {
    this.ticks += 1;
    for (const changeSet of this.changeSets) {
      if (changeSet.operation?.next().done) delete changeSet.operation;
    }
    for (const stack of this.stacks) {
      if (stack.operation?.next().done) delete stack.operation;
    }
  }

  /** Whether anything is still under way. */
  get busy(): boolean {
    return this.stacks.some((stack) => stack.operation) || this.changeSets.some((changeSet) => changeSet.operation);
  }

  /** The stack by name (live stacks only) or by stack id (deleted ones too). */
  findStack(region: string, nameOrId: string): StackRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.find((stack) => stack.stackId === nameOrId);
    return this.stacks.find(
      (stack) => stack.region === region && stack.name === nameOrId && stack.status !== 'DELETE_COMPLETE',
    );
  }

  stack(region: string, nameOrId: string): StackRecord {
    const stack = this.findStack(region, nameOrId);
    if (!stack) throw validationError(`Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  liveStacks(region: string): StackRecord[] {
    return this.stacks.filter((stack) => stack.region === region && stack.status !== 'DELETE_COMPLETE');
  }

  changeSet(region: string, nameOrId: string, stackName?: string): ChangeSetRecord {
    const found = nameOrId.startsWith('arn:')
      ? this.changeSets.find((changeSet) => changeSet.id === nameOrId)
      : stackName === undefined
        ? undefined
        : this.changeSets.find((changeSet) => {
            const stack = this.findStack(region, stackName);
            return changeSet.name === nameOrId && stack !== undefined && changeSet.stackId === stack.stackId;
          });
    if (!found) {
      if (!nameOrId.startsWith('arn:') && stackName === undefined) {
        throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
      }
      throw new CloudFormationError('ChangeSetNotFound', `ChangeSet [${nameOrId}] does not exist`, 404);
    }
    return found;
  }

  private arn(region: string, kind: 'stack' | 'changeSet', name: string): string {
    return `arn:${partitionOfRegion(region).id}:cloudformation:${region}:${this.accountId}:${kind}/${name}/${randomUUID()}`;
  }

  createChangeSet(input: CreateChangeSetInput): ChangeSetRecord {
    const type = input.changeSetType ?? 'UPDATE';
    if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(input.changeSetName)) {
      throw validationError(
        `1 validation error detected: Value '${input.changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      );
    }
    let stack = this.findStack(input.region, input.stackName);
    if (type === 'UPDATE') {
      if (!stack || stack.status === 'REVIEW_IN_PROGRESS')
        throw validationError(`Stack [${input.stackName}] does not exist`);
      if (!TERMINAL_OK.has(stack.status)) {
        throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
      }
    } else if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new CloudFormationError(
        'AlreadyExistsException',
        `Stack [${input.stackName}] already exists and cannot be created again with the changeSet [${input.changeSetName}].`,
      );
    }
    if (
      stack &&
      this.changeSets.some(
        (changeSet) => changeSet.stackId === stack?.stackId && changeSet.name === input.changeSetName,
      )
    ) {
      throw new CloudFormationError('AlreadyExistsException', `ChangeSet ${input.changeSetName} already exists`);
    }
    const body = input.usePreviousTemplate
      ? stack?.template?.body
      : (input.templateBody ?? (input.templateUrl === undefined ? undefined : this.templates(input.templateUrl)));
    if (body === undefined) {
      throw validationError(
        input.templateUrl === undefined
          ? 'Either Template URL or Template Body must be specified.'
          : `TemplateURL must reference a valid S3 object to which you have access.`,
      );
    }
    if (input.templateBody !== undefined && Buffer.byteLength(input.templateBody) > 51_200) {
      throw validationError(
        "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200",
      );
    }
    const template = readTemplate(body);
    creationOrder(template);
    const parameters = this.resolveParameters(template, input.parameters, stack);
    const now = this.now();
    if (!stack) {
      stack = {
        stackId: this.arn(input.region, 'stack', input.stackName),
        name: input.stackName,
        region: input.region,
        accountId: this.accountId,
        status: 'REVIEW_IN_PROGRESS',
        creationTime: now,
        parameters: [],
        tags: [],
        capabilities: [],
        notificationArns: [],
        disableRollback: false,
        terminationProtection: false,
        outputs: [],
        resources: new Map(),
        events: [],
      };
      this.stacks.push(stack);
      this.event(stack, {
        logicalId: stack.name,
        physicalId: stack.stackId,
        type: 'AWS::CloudFormation::Stack',
        status: 'REVIEW_IN_PROGRESS',
        reason: 'User Initiated',
      });
    }
    const changeSet: ChangeSetRecord = {
      id: this.arn(input.region, 'changeSet', input.changeSetName),
      name: input.changeSetName,
      stackId: stack.stackId,
      stackName: stack.name,
      region: input.region,
      type,
      status: 'CREATE_PENDING',
      executionStatus: 'UNAVAILABLE',
      creationTime: now,
      ...(input.description ? { description: input.description } : {}),
      template,
      parameters,
      tags: input.tags,
      capabilities: input.capabilities,
      notificationArns: input.notificationArns,
      ...(input.roleArn ? { roleArn: input.roleArn } : {}),
      changes: [],
    };
    checkCapabilities(changeSet);
    changeSet.operation = computeChangeSet(stack, changeSet);
    this.changeSets.push(changeSet);
    return changeSet;
  }

  private resolveParameters(
    template: ReturnType<typeof readTemplate>,
    given: CreateChangeSetInput['parameters'],
    stack: StackRecord | undefined,
  ): Parameter[] {
    const unknown = given
      .filter((parameter) => !(parameter.key in template.parameters))
      .map((parameter) => parameter.key);
    if (unknown.length > 0) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
    const values: Parameter[] = [];
    for (const parameter of given) {
      if (parameter.usePreviousValue) {
        const previous = stack?.parameters.find((candidate) => candidate.key === parameter.key);
        if (!previous)
          throw validationError(
            `Invalid input for parameter key ${parameter.key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
          );
        values.push(previous);
      } else values.push({ key: parameter.key, value: parameter.value ?? '' });
    }
    const missing = Object.entries(template.parameters)
      .filter(([name, parameter]) => parameter.default === undefined && !values.some((value) => value.key === name))
      .map(([name]) => name);
    if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
    return values;
  }

  executeChangeSet(
    region: string,
    nameOrId: string,
    stackName: string | undefined,
    disableRollback: boolean | undefined,
  ): void {
    const changeSet = this.changeSet(region, nameOrId, stackName);
    if (changeSet.executionStatus !== 'AVAILABLE') {
      throw new CloudFormationError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.id}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
      );
    }
    const stack = this.stack(region, changeSet.stackId);
    if (BUSY.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
    }
    stack.disableRollback = disableRollback ?? false;
    stack.changeSetId = changeSet.id;
    changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
    for (const other of this.changeSets) {
      if (other !== changeSet && other.stackId === stack.stackId && other.executionStatus === 'AVAILABLE') {
        other.executionStatus = 'OBSOLETE';
      }
    }
    stack.operation =
      changeSet.type === 'CREATE' ? createStack(this, stack, changeSet) : updateStack(this, stack, changeSet);
  }

  deleteChangeSet(region: string, nameOrId: string, stackName: string | undefined): void {
    const changeSet = this.changeSet(region, nameOrId, stackName);
    if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new CloudFormationError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.id}] cannot be deleted in its current execution status of [EXECUTE_IN_PROGRESS]`,
      );
    }
    this.changeSets.splice(this.changeSets.indexOf(changeSet), 1);
  }

  deleteStack(region: string, nameOrId: string): void {
    const stack = this.findStack(region, nameOrId);
    if (!stack || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return;
    if (stack.terminationProtection) {
      throw validationError(`Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`);
    }
    if (BUSY.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stack.name}] cannot be deleted while in status ${stack.status}`);
    }
    for (let index = this.changeSets.length - 1; index >= 0; index -= 1) {
      if (this.changeSets[index]?.stackId === stack.stackId) this.changeSets.splice(index, 1);
    }
    stack.operation = deleteStack(this, stack);
  }

  updateTerminationProtection(region: string, nameOrId: string, enabled: boolean): StackRecord {
    const stack = this.stack(region, nameOrId);
    stack.terminationProtection = enabled;
    return stack;
  }

  changeSetsOf(stack: StackRecord): ChangeSetRecord[] {
    return this.changeSets.filter((changeSet) => changeSet.stackId === stack.stackId);
  }
}
