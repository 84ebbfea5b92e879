/**
 * A small CloudFormation for tests: the change-set and stack operations over the Query protocol on plain HTTP at
 * 127.0.0.1, SigV4-checked, with stack and change-set statuses that move on over a few polls, per-resource events,
 * resource failures and rollbacks, and evaluated Outputs: what moto does not model. See README.md in this folder.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTIONS } from './actions.js';
import { checkSignature, type FakeCredentials } from './auth.js';
import { CloudFormationEngine } from './engine.js';
import type { FailOn, StackRecord } from './model.js';
import { CloudFormationError, errorXml, QueryParameters, responseXml } from './query.js';

export type { FakeCredentials } from './auth.js';
export type { FailOn, StackRecord, StackEvent, ChangeSetRecord } from './model.js';
export { NO_CHANGES_REASON } from './change-sets.js';
export {
  queryClient as cloudFormationQueryClient,
  readXml as readQueryXml,
  members as queryMembers,
} from './client.js';
export type { QueryAnswer, XmlNode as QueryXmlNode } from './client.js';

export interface FakeCloudFormationOptions {
  /** Key pairs the fake accepts (default one pair: AKIDFAKECFN / fake-cfn-secret). */
  credentials?: FakeCredentials[];
  accountId?: string;
  /** Ticks each DescribeStacks, DescribeChangeSet and DescribeStackEvents runs before answering (default 1). */
  ticksPerPoll?: number;
  /** The clock's start (default now); each tick is one second. */
  startTime?: Date;
}

export interface FakeRequest {
  action: string;
  region: string;
  status: number;
  code?: string;
}

export interface FakeCloudFormation {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  credentials: FakeCredentials;
  /** Moves every operation under way on by one state; `ticks` times. */
  tick(ticks?: number): void;
  /** Ticks until nothing is under way (at most `limit` ticks); returns how many it took. */
  settle(limit?: number): number;
  /** Makes a resource of a stack fail the next time it is created, updated or deleted. */
  failResource(stackName: string, logicalId: string, on: FailOn, reason?: string): void;
  /** Serves a template for CreateChangeSet's TemplateURL (the fake has no S3). */
  putTemplate(url: string, body: string): void;
  stack(region: string, nameOrId: string): StackRecord | undefined;
  readonly requests: readonly FakeRequest[];
  stop(): Promise<void>;
}

const DEFAULT_CREDENTIALS: FakeCredentials = { accessKeyId: 'AKIDFAKECFN', secretAccessKey: 'fake-cfn-secret' };
const MAX_BODY = 2 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new CloudFormationError('RequestEntityTooLarge', 'Request body too large', 413));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startFakeCloudFormation(options: FakeCloudFormationOptions = {}): Promise<FakeCloudFormation> {
  const credentials = options.credentials ?? [DEFAULT_CREDENTIALS];
  const known = new Map(credentials.map((pair) => [pair.accessKeyId, pair.secretAccessKey]));
  const templates = new Map<string, string>();
  const engine = new CloudFormationEngine(
    options.accountId ?? '123456789012',
    (options.startTime ?? new Date()).getTime(),
    (url) => templates.get(url),
  );
  const requests: FakeRequest[] = [];
  const ticksPerPoll = options.ticksPerPoll ?? 1;
  let port = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    let action = '';
    let region = '';
    const send = (status: number, body: string, code?: string) => {
      requests.push({ action, region, status, ...(code ? { code } : {}) });
      response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(body);
    };
    try {
      if (request.method !== 'POST')
        throw new CloudFormationError('InvalidAction', 'The fake answers POST requests only.');
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
      region = checkSignature({ method: 'POST', url, headers: request.headers, body }, known).region;
      const params = new QueryParameters(body);
      action = params.get('Action') ?? '';
      const run = ACTIONS[action];
      if (!run)
        throw new CloudFormationError('InvalidAction', `Could not find operation ${action} for version 2010-05-15`);
      if (params.get('Version') !== '2010-05-15')
        throw new CloudFormationError('InvalidParameterValue', 'Version must be 2010-05-15.');
      send(200, responseXml(action, run({ engine, region, params, pollTicks: ticksPerPoll }), requestId));
    } catch (error) {
      const failure =
        error instanceof CloudFormationError
          ? error
          : new CloudFormationError(
              'InternalFailure',
              `fake CloudFormation failed: ${(error as Error).message}`,
              500,
              'Receiver',
            );
      send(failure.status, errorXml(failure, requestId), failure.code);
    }
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  let stopped = false;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: credentials[0] ?? DEFAULT_CREDENTIALS,
    tick(ticks = 1) {
      for (let index = 0; index < ticks; index += 1) engine.tick();
    },
    settle(limit = 10_000) {
      let ticks = 0;
      while (engine.busy && ticks < limit) {
        engine.tick();
        ticks += 1;
      }
      return ticks;
    },
    failResource(stackName, logicalId, on, reason) {
      engine.failResource(
        stackName,
        logicalId,
        on,
        reason ?? `Resource handler returned message: "${logicalId} failed (fake)"`,
      );
    },
    putTemplate: (url, body) => templates.set(url, body),
    stack: (region, nameOrId) => engine.findStack(region, nameOrId),
    requests,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
