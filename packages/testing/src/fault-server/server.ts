import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa } from '../tls.js';
import { GARBAGE_BODY, FaultSchedule, type Fault, type FaultScript, type RecordedRequest } from './faults.js';
import { forward, relay, type Answer } from './upstream.js';

export interface FaultServerOptions {
  /** The real service (or fake) that passed requests go to; without it, `answer` answers them. */
  upstream?: string;
  /** PEM text of the CA that signed an https:// upstream's certificate. */
  upstreamCa?: string;
  /** The answer to passed requests when there is no upstream (default 200 with `{}`). */
  answer?: (request: RecordedRequest, body: Buffer) => Answer;
  /** Serve HTTPS with a certificate for 127.0.0.1 and localhost from a throwaway CA (`caCertPath`). */
  tls?: boolean;
  /** The first script (default: pass everything); `setFaults` replaces it. */
  faults?: FaultScript;
}

export interface FaultServer {
  /** http(s)://127.0.0.1:PORT: put it where the action expects the service's endpoint. */
  endpoint: string;
  port: number;
  /** With `tls`: the CA certificate (PEM file) to trust. */
  caCertPath?: string;
  /** Starts a new script; its faults are counted from the next request on. */
  setFaults(script: FaultScript): void;
  /** Every request received so far, oldest first, with the fault applied to it. */
  requests(): RecordedRequest[];
  /** Forgets the recorded requests and goes back to passing everything. */
  reset(): void;
  /** Closes the listener and every connection, hung ones included. */
  stop(): Promise<void>;
}

const RESET_DELAY_MS = 50;

function defaultAnswer(): Answer {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
}

function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The TCP socket under a TLS one: only a TCP handle can send a reset. */
function tcpSocketOf(socket: Socket): Socket {
  return (socket as Socket & { _parent?: Socket })._parent ?? socket;
}

/** Sends the headers (announcing the whole body) and half the body, then resets or ends the connection. */
function sendHalf(response: ServerResponse, answer: Answer, ending: 'reset' | 'end'): void {
  const socket = response.socket;
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => {
    // Let the half body leave the kernel before the RST, which would discard it.
    setTimeout(
      () => (ending === 'reset' ? socket && tcpSocketOf(socket).resetAndDestroy() : socket?.end()),
      RESET_DELAY_MS,
    );
  });
}

function sendWhole(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

/**
 * A fault HTTP(S) server: put it in front of a real service (moto, a fake) or let it answer alone, and choose per
 * request what goes wrong (latency, resets, 429/503 bursts, truncated or garbage bodies, no answer at all). It
 * records every request, so a test counts calls and retries. For tests only.
 */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const upstream = options.upstream === undefined ? undefined : new URL(options.upstream);
  let schedule = new FaultSchedule(options.faults);
  let recorded: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const answerFor = async (record: RecordedRequest, request: IncomingMessage, body: Buffer): Promise<Answer> =>
    upstream
      ? forward(
          upstream,
          { method: record.method, path: record.path, headers: request.headers, body },
          options.upstreamCa,
        )
      : (options.answer ?? defaultAnswer)(record, body);

  const apply = async (
    fault: Fault,
    record: RecordedRequest,
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
  ) => {
    switch (fault.kind) {
      case 'hang':
        return;
      case 'reset-before-headers':
        tcpSocketOf(request.socket).resetAndDestroy();
        return;
      case 'status':
        sendWhole(response, {
          status: fault.status,
          headers: { 'content-type': 'text/plain', ...fault.headers },
          body: Buffer.from(fault.body ?? `fault server: ${fault.status}`),
        });
        return;
      case 'garbage':
        sendWhole(response, {
          status: fault.status ?? 200,
          headers: { 'content-type': fault.contentType ?? 'application/json' },
          body: Buffer.from(fault.body ?? GARBAGE_BODY),
        });
        return;
      case 'latency':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, fault.ms);
          timers.add(timer);
        });
        sendWhole(response, await answerFor(record, request, body));
        return;
      case 'reset-mid-body':
        sendHalf(response, await answerFor(record, request, body), 'reset');
        return;
      case 'truncate':
        sendHalf(response, await answerFor(record, request, body), 'end');
        return;
      case 'pass':
        if (upstream)
          return relay(
            upstream,
            { method: record.method, path: record.path, headers: request.headers, body },
            options.upstreamCa,
            response,
          );
        sendWhole(response, await answerFor(record, request, body));
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const time = Date.now();
    readRequestBody(request)
      .then((body) => {
        const base = {
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: request.headers,
          body: body.toString('utf8'),
        };
        const fault = schedule.next(base);
        const record: RecordedRequest = { ...base, time, fault: fault.kind };
        recorded.push(record);
        return apply(fault, record, request, response, body);
      })
      .catch((error: unknown) => {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        sendWhole(response, {
          status: 502,
          headers: { 'content-type': 'text/plain' },
          body: Buffer.from(`fault server: upstream failed: ${(error as Error).message}`),
        });
      });
  };

  let caCertPath: string | undefined;
  let caDir: string | undefined;
  let server: Server;
  if (options.tls) {
    caDir = mkdtempSync(join(tmpdir(), 'fault-server-'));
    const ca = createTestCa(join(caDir, 'ca'));
    const leaf = ca.issue(['127.0.0.1', 'localhost']);
    caCertPath = ca.caCertPath;
    server = createHttpsServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, handle);
  } else {
    server = createHttpServer(handle);
  }
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A hung request must not be ended by Node's own server timeouts: only the client or stop() ends it.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    ...(caCertPath ? { caCertPath } : {}),
    setFaults(script) {
      schedule = new FaultSchedule(script);
    },
    requests: () => [...recorded],
    reset() {
      recorded = [];
      schedule = new FaultSchedule();
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    },
  };
}
