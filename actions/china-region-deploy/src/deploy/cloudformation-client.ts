/**
 * The deploy's CloudFormation calls over the Query protocol (form-encoded POST, XML answers), signed with
 * packages/aws's SigV4 signer and sent on its transport (proxy with NO_PROXY, CA bundle, timeouts, retries), to the
 * region's own endpoint in its partition (`cloudformation.cn-north-1.amazonaws.com.cn`) or a custom one.
 * API: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
 */
import { quote } from '@aws-delivery/action-kit';
import {
  resolveTransportSettings,
  sendOnce,
  serviceHost,
  TransportRoutes,
  type AwsClientOptions,
} from '@aws-delivery/aws';
import { signRequest } from '@aws-delivery/aws/signing';
import { find, parseXml, textAt, type XmlElement } from '@aws-delivery/aws';
import { withRetry } from '../aws-call.js';
import type { StackEventView } from './deploy-plan.js';
import type { ChangeSetRequest, ChangeSetView, CloudFormationApi, StackView } from './deploy-stack.js';

export const CLOUDFORMATION_API_VERSION = '2010-05-15';
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const USER_AGENT = 'aws-delivery-actions cloudformation-query';
/** An error answer: its code (ValidationError, InsufficientCapabilitiesException…), message and HTTP status. */
export class CloudFormationError extends Error {
  override readonly name = 'CloudFormationError';
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  constructor(
    readonly code: string,
    message: string,
    status: number,
    requestId?: string,
  ) {
    super(`CloudFormation ${code}: ${message}`);
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
  }
}

/**
 * An output's key is a logical id: letters and digits, at most 255. Each one becomes a step output of that name,
 * so a key of any other shape (a line break, `<<`, `=`, an action output's own name) is refused at the boundary.
 */
const OUTPUT_KEY = /^[A-Za-z0-9]{1,255}$/;

function outputKey(key: string): string {
  if (OUTPUT_KEY.test(key)) return key;
  throw new CloudFormationError(
    'InvalidResponse',
    `DescribeStacks answered an output key ${quote(key)}, which is not a logical id (letters and digits); no output was set from it`,
    200,
  );
}

function members(name: string, items: Record<string, string>[]): Record<string, string> {
  const out: Record<string, string> = {};
  items.forEach((item, index) => {
    for (const [field, value] of Object.entries(item)) out[`${name}.member.${index + 1}.${field}`] = value;
  });
  return out;
}

function list(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((value, index) => [`${name}.member.${index + 1}`, value]));
}

function memberElements(element: XmlElement | undefined): XmlElement[] {
  return element?.children.filter((child) => child.name === 'member') ?? [];
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

export interface CloudFormationClient extends CloudFormationApi {
  readonly endpoint: string;
  destroy(): void;
}

export function createCloudFormationClient(options: AwsClientOptions): CloudFormationClient {
  const settings = resolveTransportSettings(options);
  const routes = new TransportRoutes(settings);
  const endpoint = settings.endpoint ?? `https://${serviceHost('cloudformation', settings.region)}`;
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/`;

  async function credentials() {
    const source = options.credentials;
    const resolved = typeof source === 'function' ? await source() : source;
    if (!resolved?.accessKeyId || !resolved.secretAccessKey) {
      throw new Error('CloudFormation calls need AWS credentials, and the client has none.');
    }
    return resolved;
  }

  /** One action: its Result element, or a CloudFormationError. */
  async function call(action: string, fields: Record<string, string>): Promise<XmlElement | undefined> {
    return withRetry(settings, `cloudformation:${action}`, async () => {
      const body = new URLSearchParams({ Action: action, Version: CLOUDFORMATION_API_VERSION, ...fields }).toString();
      const headers: Record<string, string> = {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': USER_AGENT,
      };
      Object.assign(
        headers,
        signRequest({
          method: 'POST',
          url,
          headers,
          body,
          service: 'cloudformation',
          region: settings.region,
          credentials: await credentials(),
        }),
      );
      const answer = await sendOnce({ method: 'POST', url, headers, body }, routes, {
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
      const requestIdHeader = answer.headers['x-amzn-requestid'];
      const requestId = Array.isArray(requestIdHeader) ? requestIdHeader[0] : requestIdHeader;
      const text = answer.body.toString('utf8');
      let root: XmlElement | undefined;
      try {
        root = parseXml(text);
      } catch {
        root = undefined;
      }
      if (answer.statusCode < 200 || answer.statusCode > 299) {
        const code = textAt(root, 'Error', 'Code') ?? `HTTP${answer.statusCode}`;
        const message = textAt(root, 'Error', 'Message') ?? answer.statusText;
        throw new CloudFormationError(code, message, answer.statusCode, requestId);
      }
      if (!root)
        throw new CloudFormationError('InvalidResponse', `${action} answered with no XML document`, 200, requestId);
      return find(root, `${action}Result`);
    });
  }

  const stackView = (stack: XmlElement | undefined): StackView => ({
    stackId: textAt(stack, 'StackId') ?? '',
    status: textAt(stack, 'StackStatus') ?? '',
    ...optional('statusReason', textAt(stack, 'StackStatusReason')),
    terminationProtection: textAt(stack, 'EnableTerminationProtection') === 'true',
    outputs: memberElements(find(stack, 'Outputs')).map((output) => ({
      key: outputKey(textAt(output, 'OutputKey') ?? ''),
      value: textAt(output, 'OutputValue') ?? '',
    })),
  });

  return {
    endpoint,
    async describeStack(stackName) {
      try {
        const result = await call('DescribeStacks', { StackName: stackName });
        return stackView(memberElements(find(result, 'Stacks'))[0]);
      } catch (error) {
        if (
          error instanceof CloudFormationError &&
          error.code === 'ValidationError' &&
          /does not exist/.test(error.message)
        ) {
          return undefined;
        }
        throw error;
      }
    },
    async createChangeSet(request: ChangeSetRequest) {
      const result = await call('CreateChangeSet', {
        StackName: request.stackName,
        ChangeSetName: request.changeSetName,
        ChangeSetType: request.changeSetType,
        ...('body' in request.template
          ? { TemplateBody: request.template.body }
          : { TemplateURL: request.template.url }),
        ...members(
          'Parameters',
          request.parameters.map((parameter) => ({ ParameterKey: parameter.key, ParameterValue: parameter.value })),
        ),
        ...members(
          'Tags',
          request.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
        ),
        ...list('Capabilities', request.capabilities),
        ...list('NotificationARNs', request.notificationArns),
        ...(request.roleArn ? { RoleARN: request.roleArn } : {}),
      });
      return { id: textAt(result, 'Id') ?? '', stackId: textAt(result, 'StackId') ?? '' };
    },
    async describeChangeSet(stackName, changeSetName): Promise<ChangeSetView> {
      const result = await call('DescribeChangeSet', { StackName: stackName, ChangeSetName: changeSetName });
      return {
        id: textAt(result, 'ChangeSetId') ?? '',
        status: textAt(result, 'Status') ?? '',
        ...optional('statusReason', textAt(result, 'StatusReason')),
        ...optional('executionStatus', textAt(result, 'ExecutionStatus')),
        changes: memberElements(find(result, 'Changes')).map((change) => {
          const resource = find(change, 'ResourceChange');
          return {
            ...optional('action', textAt(resource, 'Action')),
            ...optional('logicalId', textAt(resource, 'LogicalResourceId')),
            ...optional('resourceType', textAt(resource, 'ResourceType')),
            ...optional('replacement', textAt(resource, 'Replacement')),
          };
        }),
      };
    },
    async executeChangeSet(stackName, changeSetName) {
      await call('ExecuteChangeSet', { StackName: stackName, ChangeSetName: changeSetName });
    },
    async deleteChangeSet(stackName, changeSetName) {
      await call('DeleteChangeSet', { StackName: stackName, ChangeSetName: changeSetName });
    },
    async describeStackEvents(stackName): Promise<StackEventView[]> {
      const result = await call('DescribeStackEvents', { StackName: stackName });
      return memberElements(find(result, 'StackEvents')).map((event) => ({
        eventId: textAt(event, 'EventId') ?? '',
        logicalId: textAt(event, 'LogicalResourceId') ?? '',
        resourceType: textAt(event, 'ResourceType') ?? '',
        status: textAt(event, 'ResourceStatus') ?? '',
        timestamp: textAt(event, 'Timestamp') ?? '',
        ...optional('reason', textAt(event, 'ResourceStatusReason')),
      }));
    },
    async deleteStack(stackName) {
      await call('DeleteStack', { StackName: stackName });
    },
    async updateTerminationProtection(stackName, enabled) {
      await call('UpdateTerminationProtection', {
        StackName: stackName,
        EnableTerminationProtection: String(enabled),
      });
    },
    destroy: () => routes.destroy(),
  };
}
