import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices } from '../../src/index.js';
import { startFakeCloudFormation, type FakeCloudFormation } from '../../src/fake-cloudformation/index.js';
import { TEMPLATE } from './helpers.js';

const run = promisify(execFile);

/**
 * A real AWS client against the fake: boto3/botocore (installed with moto) signs the requests and reads the XML
 * answers with CloudFormation's own service model, so a wrong element name or shape shows up here.
 */
const SCRIPT = `
import json, sys, time, boto3
endpoint, key, secret, template = sys.argv[1:5]
cfn = boto3.client('cloudformation', endpoint_url=endpoint, region_name='cn-north-1',
                   aws_access_key_id=key, aws_secret_access_key=secret)
out = {}
created = cfn.create_change_set(StackName='boto', ChangeSetName='first', ChangeSetType='CREATE',
                                TemplateBody=template, Parameters=[{'ParameterKey': 'Env', 'ParameterValue': 'a,b'}],
                                Tags=[{'Key': 'team', 'Value': 'china'}])
out['created'] = sorted(created.keys())
statuses = []
while True:
    cs = cfn.describe_change_set(StackName='boto', ChangeSetName='first')
    statuses.append(cs['Status'] + '/' + cs['ExecutionStatus'])
    if cs['Status'] in ('CREATE_COMPLETE', 'FAILED'):
        break
out['changeSetStatuses'] = statuses
out['changes'] = [[c['ResourceChange']['Action'], c['ResourceChange']['LogicalResourceId']] for c in cs['Changes']]
out['parameters'] = cs['Parameters']
cfn.execute_change_set(StackName='boto', ChangeSetName='first')
seen = []
while True:
    stack = cfn.describe_stacks(StackName='boto')['Stacks'][0]
    if not seen or seen[-1] != stack['StackStatus']:
        seen.append(stack['StackStatus'])
    if not stack['StackStatus'].endswith('_IN_PROGRESS'):
        break
out['stackStatuses'] = seen
out['outputs'] = sorted(o['OutputKey'] for o in stack['Outputs'])
out['tags'] = stack['Tags']
out['creationTimeType'] = type(stack['CreationTime']).__name__
events = cfn.describe_stack_events(StackName='boto')['StackEvents']
out['events'] = [e['LogicalResourceId'] + ' ' + e['ResourceStatus'] for e in reversed(events)]
try:
    cfn.describe_stacks(StackName='missing')
except cfn.exceptions.ClientError as error:
    out['error'] = [error.response['Error']['Code'], error.response['Error']['Message']]
print(json.dumps(out))
`;

describeWithServices(['moto'], 'fake CloudFormation read by botocore (the AWS CLI and boto3 client)', () => {
  let fake: FakeCloudFormation;

  beforeAll(async () => {
    fake = await startFakeCloudFormation();
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('answers create, describe, execute and events in the shapes of the CloudFormation service model', async () => {
    const { stdout } = await run(
      'python3',
      ['-c', SCRIPT, fake.endpoint, fake.credentials.accessKeyId, fake.credentials.secretAccessKey, TEMPLATE],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.created).toEqual(['Id', 'ResponseMetadata', 'StackId']);
    expect(out.changeSetStatuses).toEqual([
      'CREATE_PENDING/UNAVAILABLE',
      'CREATE_IN_PROGRESS/UNAVAILABLE',
      'CREATE_COMPLETE/AVAILABLE',
    ]);
    expect(out.changes).toEqual([
      ['Add', 'Queue'],
      ['Add', 'Bucket'],
    ]);
    expect(out.parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'a,b' }]);
    expect(out.stackStatuses).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    expect(out.outputs).toEqual(['BucketName', 'Literal', 'QueueArn', 'Website']);
    expect(out.tags).toEqual([{ Key: 'team', Value: 'china' }]);
    expect(out.creationTimeType).toBe('datetime');
    expect(out.events).toEqual([
      'boto REVIEW_IN_PROGRESS',
      'boto CREATE_IN_PROGRESS',
      'Queue CREATE_IN_PROGRESS',
      'Queue CREATE_COMPLETE',
      'Bucket CREATE_IN_PROGRESS',
      'Bucket CREATE_COMPLETE',
      'boto CREATE_COMPLETE',
    ]);
    expect(out.error).toEqual(['ValidationError', 'Stack with id missing does not exist']);
  });

  it('refuses a request signed with the wrong secret, with the error AWS gives (SignatureDoesNotMatch)', async () => {
    const script = `
import sys, boto3
cfn = boto3.client('cloudformation', endpoint_url=sys.argv[1], region_name='cn-north-1',
                   aws_access_key_id=sys.argv[2], aws_secret_access_key='wrong')
try:
    cfn.describe_stacks()
except cfn.exceptions.ClientError as error:
    print(error.response['Error']['Code'], error.response['ResponseMetadata']['HTTPStatusCode'])
`;
    const { stdout } = await run('python3', ['-c', script, fake.endpoint, fake.credentials.accessKeyId], {
      timeout: 60_000,
      env: { ...process.env, AWS_MAX_ATTEMPTS: '1' },
    });
    expect(stdout.trim()).toBe('SignatureDoesNotMatch 403');
  });
});
