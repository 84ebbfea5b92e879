/**
 * Change sets: what executing one would do to the stack, worked out over two ticks
 * (CREATE_PENDING → CREATE_IN_PROGRESS → CREATE_COMPLETE with ExecutionStatus AVAILABLE, or FAILED), as
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html describes. A change
 * set that changes nothing FAILs with the reason CloudFormation gives, and stays UNAVAILABLE.
 */
import { evaluate, UnsupportedIntrinsic } from './evaluate.js';
import type { ChangeSetRecord, ResourceChange, StackRecord } from './model.js';
import { appliedState, contextOf, parametersOf } from './operations.js';
import { creationOrder } from './template.js';
import { CloudFormationError } from './query.js';

export const NO_CHANGES_REASON =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/**
 * Properties whose change replaces the resource (the "Update requires: Replacement" entries of the resource
 * reference pages); for every other property the fake reports no replacement.
 */
const REPLACING_PROPERTIES: Record<string, string[]> = {
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::SNS::Topic': ['TopicName', 'FifoTopic'],
  'AWS::DynamoDB::Table': ['TableName', 'KeySchema'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::IAM::Role': ['RoleName', 'Path'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
};

function replaces(type: string, before: string, after: string): boolean {
  const old = JSON.parse(before) as Record<string, unknown>;
  const now = JSON.parse(after) as Record<string, unknown>;
  return (REPLACING_PROPERTIES[type] ?? []).some((name) => JSON.stringify(old[name]) !== JSON.stringify(now[name]));
}

/** The resource changes from the stack's current resources to the change set's template. */
export function changesOf(stack: StackRecord, changeSet: ChangeSetRecord): ResourceChange[] {
  const parameters = parametersOf(changeSet.template, changeSet.parameters);
  const changes: ResourceChange[] = [];
  for (const declared of changeSet.template.resources) {
    const current = stack.resources.get(declared.logicalId);
    if (!current) {
      changes.push({ action: 'Add', logicalId: declared.logicalId, type: declared.type, scope: [] });
      continue;
    }
    const applied = appliedState(declared, parameters);
    const scope = [
      ...(applied.properties !== current.properties ? ['Properties'] : []),
      ...(applied.metadata !== current.metadata ? ['Metadata'] : []),
    ];
    const retyped = declared.type !== current.type;
    if (scope.length === 0 && !retyped) continue;
    changes.push({
      action: 'Modify',
      logicalId: declared.logicalId,
      physicalId: current.physicalId,
      type: declared.type,
      replacement: retyped || replaces(declared.type, current.properties, applied.properties) ? 'True' : 'False',
      scope,
    });
  }
  for (const current of stack.resources.values()) {
    if (!changeSet.template.resources.some((declared) => declared.logicalId === current.logicalId)) {
      changes.push({
        action: 'Remove',
        logicalId: current.logicalId,
        physicalId: current.physicalId,
        type: current.type,
        scope: [],
      });
    }
  }
  return changes;
}

function sameSettings(stack: StackRecord, changeSet: ChangeSetRecord): boolean {
  const outputs = (template: StackRecord['template']) => JSON.stringify(template?.outputs ?? {});
  return (
    outputs(stack.template) === outputs(changeSet.template) &&
    JSON.stringify(stack.tags) === JSON.stringify(changeSet.tags) &&
    JSON.stringify(parametersOf(changeSet.template, changeSet.parameters)) ===
      JSON.stringify(stack.template ? parametersOf(stack.template, stack.parameters) : {})
  );
}

/** Checks that the fake can evaluate every output, with placeholder resources. */
function checkOutputs(stack: StackRecord, changeSet: ChangeSetRecord): void {
  const context = contextOf(stack, changeSet.template, changeSet.parameters);
  for (const resource of changeSet.template.resources) {
    context.resources[resource.logicalId] ??= { physicalId: resource.logicalId, type: resource.type, attributes: {} };
  }
  for (const [name, output] of Object.entries(changeSet.template.outputs)) {
    try {
      evaluate(output.value, context);
    } catch (error) {
      if (!(error instanceof UnsupportedIntrinsic)) throw error;
      throw new CloudFormationError(
        'FakeLimitation',
        `fake CloudFormation cannot evaluate Outputs.${name}: ${error.message}`,
      );
    }
  }
}

export function* computeChangeSet(stack: StackRecord, changeSet: ChangeSetRecord): Generator<void, void, void> {
  yield;
  changeSet.status = 'CREATE_IN_PROGRESS';
  yield;
  try {
    creationOrder(changeSet.template);
    checkOutputs(stack, changeSet);
  } catch (error) {
    changeSet.status = 'FAILED';
    changeSet.statusReason = (error as Error).message;
    return;
  }
  changeSet.changes = changesOf(stack, changeSet);
  if (changeSet.type === 'UPDATE' && changeSet.changes.length === 0 && sameSettings(stack, changeSet)) {
    changeSet.status = 'FAILED';
    changeSet.statusReason = NO_CHANGES_REASON;
    return;
  }
  changeSet.status = 'CREATE_COMPLETE';
  changeSet.executionStatus = 'AVAILABLE';
}

/** Resource types that need CAPABILITY_IAM (or CAPABILITY_NAMED_IAM when they carry a name). */
const IAM_TYPES = new Set([
  'AWS::IAM::AccessKey',
  'AWS::IAM::Group',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::UserToGroupAddition',
]);
const IAM_NAMES = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

/**
 * The capabilities a template needs, checked at CreateChangeSet as CloudFormation does
 * (InsufficientCapabilitiesException, https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html).
 */
export function checkCapabilities(changeSet: ChangeSetRecord): void {
  const needed = new Set<string>();
  for (const resource of changeSet.template.resources) {
    if (!IAM_TYPES.has(resource.type)) continue;
    const properties = resource.properties as Record<string, unknown>;
    needed.add(IAM_NAMES.some((name) => properties?.[name] !== undefined) ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  }
  if (changeSet.template.transforms.length > 0) needed.add('CAPABILITY_AUTO_EXPAND');
  const given = new Set(changeSet.capabilities);
  const missing = [...needed].filter(
    (capability) => !given.has(capability) && !(capability === 'CAPABILITY_IAM' && given.has('CAPABILITY_NAMED_IAM')),
  );
  if (missing.length > 0) {
    throw new CloudFormationError(
      'InsufficientCapabilitiesException',
      `Requires capabilities : [${missing.join(', ')}]`,
    );
  }
}
