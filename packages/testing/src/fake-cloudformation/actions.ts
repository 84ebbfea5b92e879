/**
 * The Query actions the fake answers, each mapping form parameters to the engine and the engine's records to the
 * response shapes of the API reference (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/):
 * CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, DescribeStacks, DescribeStackEvents,
 * DeleteStack, UpdateTerminationProtection.
 */
import type { CloudFormationEngine } from './engine.js';
import type { ChangeSetRecord, Parameter, StackRecord, Tag } from './model.js';
import { CloudFormationError, type QueryParameters, type XmlValue } from './query.js';

export interface ActionContext {
  engine: CloudFormationEngine;
  region: string;
  params: QueryParameters;
  /** Ticks run before a Describe* answers, so that polling moves time on. */
  pollTicks: number;
}

const EVENTS_PAGE = 100;

function parameters(list: Parameter[]): XmlValue[] {
  return list.map((parameter) => ({ ParameterKey: parameter.key, ParameterValue: parameter.value }));
}

function tags(list: Tag[]): XmlValue[] {
  return list.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

function masked(stack: StackRecord | ChangeSetRecord, list: Parameter[]): Parameter[] {
  const template = stack.template;
  return list.map((parameter) =>
    template?.parameters[parameter.key]?.noEcho ? { key: parameter.key, value: '****' } : parameter,
  );
}

function stackView(stack: StackRecord): Record<string, XmlValue> {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    ChangeSetId: stack.changeSetId,
    Description: undefined,
    Parameters: parameters(masked(stack, stack.parameters)),
    CreationTime: stack.creationTime,
    DeletionTime: stack.deletionTime,
    LastUpdatedTime: stack.lastUpdatedTime,
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: stack.notificationArns,
    Capabilities: stack.capabilities,
    Outputs: stack.outputs.map((output) => ({
      OutputKey: output.key,
      OutputValue: output.value,
      Description: output.description,
      ExportName: output.exportName,
    })),
    RoleARN: stack.roleArn,
    Tags: tags(stack.tags),
    EnableTerminationProtection: stack.terminationProtection,
  };
}

function changeSetView(changeSet: ChangeSetRecord): Record<string, XmlValue> {
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.id,
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    Description: changeSet.description,
    Parameters: parameters(masked(changeSet, changeSet.parameters)),
    CreationTime: changeSet.creationTime,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    NotificationARNs: changeSet.notificationArns,
    Capabilities: changeSet.capabilities,
    Tags: tags(changeSet.tags),
    Changes: changeSet.changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: {
        Action: change.action,
        LogicalResourceId: change.logicalId,
        PhysicalResourceId: change.physicalId,
        ResourceType: change.type,
        Replacement: change.replacement,
        Scope: change.scope,
      },
    })),
  };
}

function poll(context: ActionContext): void {
  for (let tick = 0; tick < context.pollTicks; tick += 1) context.engine.tick();
}

function tagsOf(params: QueryParameters): Tag[] {
  return params.structures('Tags').map((tag) => ({ key: tag.Key ?? '', value: tag.Value ?? '' }));
}

type Action = (context: ActionContext) => Record<string, XmlValue> | undefined;

export const ACTIONS: Record<string, Action> = {
  CreateChangeSet: ({ engine, region, params }) => {
    const type = params.get('ChangeSetType') ?? 'UPDATE';
    if (type !== 'CREATE' && type !== 'UPDATE') {
      throw new CloudFormationError(
        'ValidationError',
        `The fake supports ChangeSetType CREATE and UPDATE, not ${type}.`,
      );
    }
    const templateBody = params.get('TemplateBody');
    const templateUrl = params.get('TemplateURL');
    const roleArn = params.get('RoleARN');
    const description = params.get('Description');
    const changeSet = engine.createChangeSet({
      region,
      stackName: params.required('StackName'),
      changeSetName: params.required('ChangeSetName'),
      changeSetType: type,
      ...(templateBody === undefined ? {} : { templateBody }),
      ...(templateUrl === undefined ? {} : { templateUrl }),
      usePreviousTemplate: params.flag('UsePreviousTemplate') ?? false,
      parameters: params.structures('Parameters').map((parameter) => ({
        key: parameter.ParameterKey ?? '',
        ...(parameter.ParameterValue === undefined ? {} : { value: parameter.ParameterValue }),
        usePreviousValue: parameter.UsePreviousValue === 'true',
      })),
      capabilities: params.list('Capabilities'),
      tags: tagsOf(params),
      notificationArns: params.list('NotificationARNs'),
      ...(roleArn ? { roleArn } : {}),
      ...(description ? { description } : {}),
    });
    return { Id: changeSet.id, StackId: changeSet.stackId };
  },
  DescribeChangeSet: (context) => {
    poll(context);
    const { engine, region, params } = context;
    return changeSetView(engine.changeSet(region, params.required('ChangeSetName'), params.get('StackName')));
  },
  ExecuteChangeSet: ({ engine, region, params }) => {
    engine.executeChangeSet(
      region,
      params.required('ChangeSetName'),
      params.get('StackName'),
      params.flag('DisableRollback'),
    );
    return {};
  },
  DeleteChangeSet: ({ engine, region, params }) => {
    engine.deleteChangeSet(region, params.required('ChangeSetName'), params.get('StackName'));
    return {};
  },
  DescribeStacks: (context) => {
    poll(context);
    const { engine, region, params } = context;
    const name = params.get('StackName');
    const stacks = name === undefined ? engine.liveStacks(region) : [engine.stack(region, name)];
    return { Stacks: stacks.map(stackView) };
  },
  DescribeStackEvents: (context) => {
    poll(context);
    const { engine, region, params } = context;
    const stack = engine.stack(region, params.required('StackName'));
    const events = [...stack.events].reverse();
    const start = Number(params.get('NextToken') ?? '0');
    const page = events.slice(start, start + EVENTS_PAGE);
    return {
      StackEvents: page.map((event) => ({
        StackId: event.stackId,
        EventId: event.eventId,
        StackName: event.stackName,
        LogicalResourceId: event.logicalId,
        PhysicalResourceId: event.physicalId,
        ResourceType: event.resourceType,
        Timestamp: event.timestamp,
        ResourceStatus: event.status,
        ResourceStatusReason: event.reason,
      })),
      NextToken: start + EVENTS_PAGE < events.length ? String(start + EVENTS_PAGE) : undefined,
    };
  },
  DeleteStack: ({ engine, region, params }) => {
    engine.deleteStack(region, params.required('StackName'));
    return undefined;
  },
  UpdateTerminationProtection: ({ engine, region, params }) => {
    const stack = engine.updateTerminationProtection(
      region,
      params.required('StackName'),
      params.required('EnableTerminationProtection') === 'true',
    );
    return { StackId: stack.stackId };
  },
};
