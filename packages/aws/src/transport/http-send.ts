/**
 * One HTTP exchange with node:http / node:https on a client's TransportRoutes, without the AWS SDK: the route's
 * proxy and agent, the connect timeout (until the socket connects, through the proxy's CONNECT answer when there is
 * one), the request timeout (until the response headers), the same limit on silence while the body arrives, a cap
 * on the body's size, and transport failures explained as AwsHttpHandler explains them. No retry: callers retry.
 */
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connectTimeoutError, explainTransportError, requestTimeoutError } from './transport-errors.js';
import { proxyRefusalOf, type Route, type TransportRoutes } from './routes.js';

export interface OutgoingRequest {
  method: string;
  /** Where to send it; the path and query are sent as they are. */
  url: URL;
  /** Sent exactly as given (a signed request must keep its signed headers). */
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpAnswer {
  statusCode: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An answer larger than the caller allows: not read further, never retried. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

/** Rejects, before the response headers, when the connection or the answer takes longer than the route allows. */
function startTimers(request: ClientRequest, route: Route, fail: (error: unknown) => void): () => void {
  const { connectTimeoutMs, requestTimeoutMs } = route.context;
  const connectTimer = setTimeout(() => {
    fail(connectTimeoutError(route.context));
    request.destroy();
  }, connectTimeoutMs);
  // Through a tunnel the socket is handed over only after the proxy's CONNECT answer, already connected.
  const onSocket = (socket: Socket) => {
    if (socket.connecting) socket.once('connect', () => clearTimeout(connectTimer));
    else clearTimeout(connectTimer);
  };
  if (request.socket) onSocket(request.socket);
  else request.once('socket', onSocket);
  const requestTimer = setTimeout(() => {
    const error = requestTimeoutError(route.context);
    fail(error);
    request.destroy(error);
  }, requestTimeoutMs);
  return () => {
    clearTimeout(connectTimer);
    clearTimeout(requestTimer);
  };
}

/** Sends the request and resolves with the response once its headers are in. */
function exchange(request: OutgoingRequest, route: Route): Promise<{ sent: ClientRequest; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let stopTimers = () => {};
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      stopTimers();
      done();
    };
    const fail = (error: unknown) => settle(() => reject(explainTransportError(error, route.context)));
    const send = route.protocol === 'https:' ? httpsRequest : httpRequest;
    const sent = send(
      {
        agent: route.agent,
        host: route.host,
        port: route.port,
        method: request.method,
        path: `${request.url.pathname}${request.url.search}`,
        headers: request.headers,
      },
      (response) => settle(() => resolve({ sent, response })),
    );
    // Stays for the life of the request: an error after the answer must not crash the process.
    sent.on('error', fail);
    stopTimers = startTimers(sent, route, fail);
    sent.end(request.body);
  });
}

function brokeOff(endpoint: string, error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  return Object.assign(new Error(`The answer from ${endpoint} broke off: ${(error as Error).message}`), {
    code: typeof code === 'string' ? code : 'ECONNRESET',
  });
}

/** Reads the body, at most maxBytes, failing when it stops arriving for longer than the request timeout. */
function readBody(response: IncomingMessage, route: Route, maxBytes: number): Promise<Buffer> {
  const { endpoint, requestTimeoutMs } = route.context;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // The socket goes back to the agent after the answer; the agent resets its timeout then.
    const onSilence = () =>
      response.destroy(
        Object.assign(new Error(`nothing arrived for ${requestTimeoutMs} ms (the request timeout)`), {
          code: 'ETIMEDOUT',
        }),
      );
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      response.removeListener('timeout', onSilence);
      done();
    };
    response.setTimeout(requestTimeoutMs, onSilence);
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        settle(() =>
          reject(new ResponseTooLargeError(`The answer from ${endpoint} is larger than ${maxBytes} bytes.`)),
        );
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => settle(() => resolve(Buffer.concat(chunks))));
    response.on('error', (error) => settle(() => reject(brokeOff(endpoint, error))));
    response.on('close', () => {
      if (!response.complete) settle(() => reject(brokeOff(endpoint, new Error('the connection closed'))));
    });
  });
}

/**
 * One attempt: sends the request on its route and reads the whole answer (any status). Transport failures and a
 * proxy's refusal come back as AwsTransportError (endpoint, proxy redacted, limit); a body that breaks off as an
 * Error with the Node code, so the retry policy sees a network error.
 */
export async function sendOnce(
  request: OutgoingRequest,
  routes: TransportRoutes,
  limits: { maxResponseBytes: number },
): Promise<HttpAnswer> {
  const { url } = request;
  const route = routes.route(url.protocol, url.hostname, url.port ? Number(url.port) : undefined);
  const { sent, response } = await exchange(request, route);
  const statusCode = response.statusCode ?? 0;
  const statusText = response.statusMessage ?? '';
  const refusal = proxyRefusalOf(route, { statusCode, statusText, request: sent });
  if (refusal) {
    response.destroy();
    throw refusal;
  }
  const body = await readBody(response, route, limits.maxResponseBytes);
  return { statusCode, statusText, headers: response.headers, body };
}
