/**
 * The deploy's CloudFormation interface on the fake CloudFormation, through the testing package's Query client:
 * lets deployStack be tested against the documented status machines (progress, failures, rollbacks, outputs).
 */
import {
  cloudFormationQueryClient,
  queryMembers,
  type FakeCloudFormation,
  type QueryAnswer,
  type QueryXmlNode,
} from '../../../../packages/testing/src/fake-cloudformation/index.js';
import type { CloudFormationApi } from '../../src/deploy/deploy-stack.js';

function field(node: QueryXmlNode | undefined, name: string): QueryXmlNode | undefined {
  return node && typeof node === 'object' && !Array.isArray(node) ? node[name] : undefined;
}
function text(node: QueryXmlNode | undefined, name: string): string | undefined {
  const value = field(node, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
function list(node: QueryXmlNode | undefined): QueryXmlNode[] {
  return Array.isArray(node) ? node : [];
}
function check(answer: QueryAnswer): QueryAnswer {
  if (answer.error) throw Object.assign(new Error(answer.error.Message), { code: answer.error.Code });
  return answer;
}

export function fakeApi(fake: FakeCloudFormation, region: string): CloudFormationApi & { calls: string[] } {
  const client = cloudFormationQueryClient(fake.endpoint, fake.credentials, region);
  const calls: string[] = [];
  const call = async (action: string, fields: Record<string, string> = {}) => {
    calls.push(action);
    return client(action, fields);
  };
  return {
    calls,
    async describeStack(stackName) {
      const answer = await call('DescribeStacks', { StackName: stackName });
      if (answer.error?.Message.endsWith('does not exist')) return undefined;
      const stack = list(check(answer).result.Stacks)[0];
      return {
        stackId: text(stack, 'StackId') ?? '',
        status: text(stack, 'StackStatus') ?? '',
        ...(text(stack, 'StackStatusReason') ? { statusReason: text(stack, 'StackStatusReason') } : {}),
        outputs: list(field(stack, 'Outputs')).map((output) => ({
          key: text(output, 'OutputKey') ?? '',
          value: text(output, 'OutputValue') ?? '',
        })),
      };
    },
    async createChangeSet(request) {
      const answer = check(
        await call('CreateChangeSet', {
          StackName: request.stackName,
          ChangeSetName: request.changeSetName,
          ChangeSetType: request.changeSetType,
          ...('body' in request.template
            ? { TemplateBody: request.template.body }
            : { TemplateURL: request.template.url }),
          ...queryMembers(
            'Parameters',
            request.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
          ),
          ...queryMembers(
            'Tags',
            request.tags.map((t) => ({ Key: t.key, Value: t.value })),
          ),
          ...Object.fromEntries(request.capabilities.map((c, i) => [`Capabilities.member.${i + 1}`, c])),
        }),
      );
      return { id: text(answer.result, 'Id') ?? '', stackId: text(answer.result, 'StackId') ?? '' };
    },
    async describeChangeSet(stackName, changeSetName) {
      const result = check(
        await call('DescribeChangeSet', { StackName: stackName, ChangeSetName: changeSetName }),
      ).result;
      return {
        id: text(result, 'ChangeSetId') ?? '',
        status: text(result, 'Status') ?? '',
        ...(text(result, 'StatusReason') ? { statusReason: text(result, 'StatusReason') } : {}),
        ...(text(result, 'ExecutionStatus') ? { executionStatus: text(result, 'ExecutionStatus') } : {}),
        changes: list(field(result, 'Changes')).map((change) => {
          const resource = field(change, 'ResourceChange');
          return {
            action: text(resource, 'Action'),
            logicalId: text(resource, 'LogicalResourceId'),
            resourceType: text(resource, 'ResourceType'),
            replacement: text(resource, 'Replacement'),
          };
        }),
      };
    },
    async executeChangeSet(stackName, changeSetName) {
      check(await call('ExecuteChangeSet', { StackName: stackName, ChangeSetName: changeSetName }));
    },
    async deleteChangeSet(stackName, changeSetName) {
      check(await call('DeleteChangeSet', { StackName: stackName, ChangeSetName: changeSetName }));
    },
    async describeStackEvents(stackName) {
      const result = check(await call('DescribeStackEvents', { StackName: stackName })).result;
      return list(result.StackEvents).map((event) => ({
        eventId: text(event, 'EventId') ?? '',
        logicalId: text(event, 'LogicalResourceId') ?? '',
        resourceType: text(event, 'ResourceType') ?? '',
        status: text(event, 'ResourceStatus') ?? '',
        timestamp: text(event, 'Timestamp') ?? '',
        ...(text(event, 'ResourceStatusReason') ? { reason: text(event, 'ResourceStatusReason') } : {}),
      }));
    },
    async deleteStack(stackName) {
      check(await call('DeleteStack', { StackName: stackName }));
    },
  };
}
