/**
 * The HTTP face of the fake: SigV4 check, routing of the FIS REST-JSON operations
 * (https://docs.aws.amazon.com/fis/latest/APIReference/API_Operations.html), JSON answers and errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SigningCredentials } from '@aws-delivery/aws/signing';
import { verifySignature } from './auth.js';
import { FisError, fisErrors } from './errors.js';
import type { FisStore } from './store.js';

export interface FisRequestRecord {
  time: string;
  method: string;
  path: string;
  query: string;
  operation: string;
  status: number;
  errorType?: string;
  accessKeyId?: string;
  body?: unknown;
}

export interface ServerContext {
  store: FisStore;
  region: string;
  credentials: readonly SigningCredentials[];
  requests: FisRequestRecord[];
}

type Handler = (store: FisStore, params: string[], query: URLSearchParams, body: unknown) => unknown;

interface Route {
  operation: string;
  method: string;
  path: RegExp;
  handle: Handler;
}

const SEGMENT = '([^/]+)';

const ROUTES: Route[] = [
  {
    operation: 'CreateExperimentTemplate',
    method: 'POST',
    path: /^\/experimentTemplates$/,
    handle: (s, _p, _q, b) => ({ experimentTemplate: s.createTemplate(b) }),
  },
  {
    operation: 'ListExperimentTemplates',
    method: 'GET',
    path: /^\/experimentTemplates$/,
    handle: (s, _p, q) => s.listTemplates(q),
  },
  {
    operation: 'GetExperimentTemplate',
    method: 'GET',
    path: new RegExp(`^/experimentTemplates/${SEGMENT}$`),
    handle: (s, [id = '']) => ({ experimentTemplate: structuredClone(s.template(id)) }),
  },
  {
    operation: 'DeleteExperimentTemplate',
    method: 'DELETE',
    path: new RegExp(`^/experimentTemplates/${SEGMENT}$`),
    handle: (s, [id = '']) => ({ experimentTemplate: s.deleteTemplate(id) }),
  },
  {
    operation: 'StartExperiment',
    method: 'POST',
    path: /^\/experiments$/,
    handle: (s, _p, _q, b) => ({ experiment: s.startExperiment(b) }),
  },
  { operation: 'ListExperiments', method: 'GET', path: /^\/experiments$/, handle: (s, _p, q) => s.listExperiments(q) },
  {
    operation: 'GetExperiment',
    method: 'GET',
    path: new RegExp(`^/experiments/${SEGMENT}$`),
    handle: (s, [id = '']) => ({ experiment: s.experiment(id) }),
  },
  {
    operation: 'StopExperiment',
    method: 'DELETE',
    path: new RegExp(`^/experiments/${SEGMENT}$`),
    handle: (s, [id = '']) => ({ experiment: s.stopExperiment(id) }),
  },
  {
    operation: 'ListExperimentResolvedTargets',
    method: 'GET',
    path: new RegExp(`^/experiments/${SEGMENT}/resolvedTargets$`),
    handle: (s, [id = ''], q) => s.resolvedTargets(id, q),
  },
  {
    operation: 'TagResource',
    method: 'POST',
    path: new RegExp(`^/tags/${SEGMENT}$`),
    handle: (s, [arn = ''], _q, b) => (s.tagResource(arn, b), {}),
  },
  {
    operation: 'UntagResource',
    method: 'DELETE',
    path: new RegExp(`^/tags/${SEGMENT}$`),
    handle: (s, [arn = ''], q) => (s.untagResource(arn, q.getAll('tagKeys')), {}),
  },
  {
    operation: 'ListTagsForResource',
    method: 'GET',
    path: new RegExp(`^/tags/${SEGMENT}$`),
    handle: (s, [arn = '']) => ({ tags: s.listTags(arn) }),
  },
];

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(fisErrors.validation('The request body is too large.'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function decodeParams(params: string[]): string[] {
  return params.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw fisErrors.validation(`The path segment ${p} is not valid percent-encoding.`);
    }
  });
}

export function createRequestHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://fake-fis.invalid');
    const method = req.method ?? 'GET';
    const record: FisRequestRecord = {
      time: new Date().toISOString(),
      method,
      path: url.pathname,
      query: url.search,
      operation: 'unknown',
      status: 0,
    };
    ctx.requests.push(record);
    const handle = async (): Promise<void> => {
      const text = await readBody(req);
      const { accessKeyId } = verifySignature(
        { method, target, headers: req.headers, body: text },
        { name: 'fis', region: ctx.region, credentials: ctx.credentials },
      );
      record.accessKeyId = accessKeyId;
      const route = ROUTES.find((r) => r.method === method && r.path.test(url.pathname));
      if (!route) throw fisErrors.unknownOperation(method, url.pathname);
      record.operation = route.operation;
      let body: unknown;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          throw fisErrors.validation('The request body is not valid JSON.');
        }
      }
      record.body = body;
      const params = decodeParams((route.path.exec(url.pathname) ?? []).slice(1));
      const answer = route.handle(ctx.store, params, url.searchParams, body ?? {});
      record.status = 200;
      send(res, 200, answer);
    };
    handle().catch((error: unknown) => {
      const fisError =
        error instanceof FisError
          ? error
          : new FisError(500, 'InternalServerError', `fake FIS error: ${(error as Error).message}`);
      record.status = fisError.status;
      record.errorType = fisError.code;
      if (!res.headersSent) send(res, fisError.status, { message: fisError.message }, fisError.code);
      else res.end();
    });
  };
}
