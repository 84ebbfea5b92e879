/** Shared pieces of the fake CloudFormation tests: a started fake, a client, and pollers that record statuses. */
import { startFakeCloudFormation, type FakeCloudFormation } from '../../src/fake-cloudformation/index.js';
import { members, queryClient, type QueryAnswer, type XmlNode } from '../../src/fake-cloudformation/client.js';

export const REGION = 'cn-north-1';

export const TEMPLATE = `Parameters:
  Env:
    Type: String
    Default: dev
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub 'jobs-\${Env}'
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: queue
          Value: !GetAtt Queue.Arn
Outputs:
  BucketName:
    Value: !Ref Bucket
  QueueArn:
    Value: !GetAtt Queue.Arn
    Export:
      Name: !Sub '\${AWS::StackName}-queue'
  Website:
    Description: where it lives
    Value: !Sub 'https://\${Bucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/'
  Literal:
    Value: plain
`;

export async function fakeAndClient(options: Parameters<typeof startFakeCloudFormation>[0] = {}) {
  const fake = await startFakeCloudFormation(options);
  const call = queryClient(fake.endpoint, fake.credentials, REGION);
  return { fake, call };
}

export type Call = ReturnType<typeof queryClient>;

export function field(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node && typeof node === 'object' && !Array.isArray(node) ? node[name] : undefined;
}

export function text(node: XmlNode | undefined, name: string): string | undefined {
  const value = field(node, name);
  return typeof value === 'string' ? value : undefined;
}

export function list(node: XmlNode | undefined): XmlNode[] {
  return Array.isArray(node) ? node : [];
}

export async function createChangeSet(
  call: Call,
  stackName: string,
  changeSetName: string,
  body: string,
  extra: Record<string, string> = {},
): Promise<QueryAnswer> {
  return call('CreateChangeSet', { StackName: stackName, ChangeSetName: changeSetName, TemplateBody: body, ...extra });
}

export async function describeStack(call: Call, stackName: string): Promise<XmlNode | undefined> {
  const answer = await call('DescribeStacks', { StackName: stackName });
  if (answer.error) throw new Error(`${answer.error.Code}: ${answer.error.Message}`);
  return list(answer.result.Stacks)[0];
}

/** Polls DescribeStacks until the status stops ending in _IN_PROGRESS; returns every status seen, in order. */
export async function pollStack(
  call: Call,
  stackName: string,
  limit = 200,
): Promise<{ seen: string[]; stack: XmlNode | undefined }> {
  const seen: string[] = [];
  for (let attempt = 0; attempt < limit; attempt += 1) {
    const stack = await describeStack(call, stackName);
    const status = text(stack, 'StackStatus') ?? '';
    if (seen.at(-1) !== status) seen.push(status);
    if (!status.endsWith('_IN_PROGRESS')) return { seen, stack };
  }
  throw new Error(`stack ${stackName} still in progress after ${limit} polls: ${seen.join(' → ')}`);
}

/** Polls DescribeChangeSet until it is CREATE_COMPLETE or FAILED; returns the statuses seen and the last answer. */
export async function pollChangeSet(call: Call, stackName: string, changeSetName: string, limit = 20) {
  const seen: string[] = [];
  for (let attempt = 0; attempt < limit; attempt += 1) {
    const answer = await call('DescribeChangeSet', { StackName: stackName, ChangeSetName: changeSetName });
    if (answer.error) throw new Error(`${answer.error.Code}: ${answer.error.Message}`);
    const status = text(answer.result, 'Status') ?? '';
    const entry = `${status}/${text(answer.result, 'ExecutionStatus') ?? ''}`;
    if (seen.at(-1) !== entry) seen.push(entry);
    if (status === 'CREATE_COMPLETE' || status === 'FAILED') return { seen, changeSet: answer.result };
  }
  throw new Error(`change set ${changeSetName} not done after ${limit} polls: ${seen.join(' → ')}`);
}

/** Stack events oldest first, as `LogicalId STATUS`, every page read. */
export async function eventsOf(call: Call, stackName: string): Promise<string[]> {
  const events: XmlNode[] = [];
  let token: string | undefined;
  do {
    const answer = await call('DescribeStackEvents', { StackName: stackName, ...(token ? { NextToken: token } : {}) });
    if (answer.error) throw new Error(`${answer.error.Code}: ${answer.error.Message}`);
    events.push(...list(answer.result.StackEvents));
    token = text(answer.result, 'NextToken');
  } while (token);
  return events.reverse().map((event) => `${text(event, 'LogicalResourceId')} ${text(event, 'ResourceStatus')}`);
}

/** Creates a stack through a CREATE change set and waits for it, as a deploy tool would. */
export async function deployNew(call: Call, stackName: string, body: string, extra: Record<string, string> = {}) {
  const created = await createChangeSet(call, stackName, 'create', body, { ChangeSetType: 'CREATE', ...extra });
  if (created.error) throw new Error(`${created.error.Code}: ${created.error.Message}`);
  await pollChangeSet(call, stackName, 'create');
  const executed = await call('ExecuteChangeSet', { StackName: stackName, ChangeSetName: 'create' });
  if (executed.error) throw new Error(`${executed.error.Code}: ${executed.error.Message}`);
  return pollStack(call, stackName);
}

export { members };
export type { FakeCloudFormation };
