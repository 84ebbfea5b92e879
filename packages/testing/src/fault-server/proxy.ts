import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { endToEndHeaders } from './upstream.js';

/**
 * What the proxy does with one connection: `tunnel` serves it as a forward proxy should (CONNECT answered 200
 * and piped; absolute-form requests forwarded), `hang` accepts the TCP connection and never answers anything,
 * `refuse` answers every request with this status.
 */
export type ProxyFault = { kind: 'tunnel' } | { kind: 'hang' } | { kind: 'refuse'; status: number };

/** One request the proxy received: CONNECT with its `host:port` target, or a forwarded request's URL. */
export interface ProxyRecord {
  method: string;
  target: string;
  time: number;
  fault: ProxyFault['kind'];
}

export interface FaultProxyOptions {
  /** The faults for the first connections, one each, in order; then `then` (default tunnel). */
  faults?: readonly ProxyFault[];
  then?: ProxyFault;
}

export interface FaultProxy {
  /** http://127.0.0.1:PORT, for an `http-proxy` input or HTTPS_PROXY. */
  url: string;
  port: number;
  /** Connections accepted so far, hung ones included (a hung one never shows up in `requests`). */
  connections(): number;
  /** Every request the proxy read, oldest first. */
  requests(): ProxyRecord[];
  /** Closes the listener, every tunnel and every hung connection. */
  stop(): Promise<void>;
}

/**
 * A forward proxy with faults, above all one that accepts TCP and never answers CONNECT: a client without a
 * connect deadline then waits for ever. For tests only.
 */
export async function startFaultProxy(options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const faults = [...(options.faults ?? [])];
  const then = options.then ?? { kind: 'tunnel' };
  const recorded: ProxyRecord[] = [];
  const sockets = new Set<Duplex>();
  let accepted = 0;
  const faultOf = new WeakMap<Socket, ProxyFault>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  // The HTTP side never listens itself: the TCP listener hands it every connection that is not to hang, so a hung
  // connection is never read at all.
  const server = createServer();
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  const listener = createNetServer((socket: Socket) => {
    accepted += 1;
    track(socket);
    const chosen = faults.shift() ?? then;
    faultOf.set(socket, chosen);
    if (chosen.kind !== 'hang') server.emit('connection', socket);
  });
  const fault = (socket: Socket): ProxyFault => faultOf.get(socket) ?? then;

  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    const chosen = fault(request.socket);
    recorded.push({ method: 'CONNECT', target: request.url ?? '', time: Date.now(), fault: chosen.kind });
    if (chosen.kind === 'refuse') {
      client.end(`HTTP/1.1 ${chosen.status} Refused by the fault proxy\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = splitTarget(request.url ?? '');
    const target = connect({ host, port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    track(target);
    target.on('error', () => client.destroy());
    client.on('close', () => target.destroy());
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chosen = fault(request.socket);
    recorded.push({ method: request.method ?? 'GET', target: request.url ?? '', time: Date.now(), fault: chosen.kind });
    if (chosen.kind === 'refuse') {
      response.writeHead(chosen.status).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('fault proxy: not an absolute-form request');
      return;
    }
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port || 80,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: endToEndHeaders(request.headers),
        agent: false,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => response.destroy());
    request.pipe(outgoing);
  });

  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (listener.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    requests: () => [...recorded],
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

function splitTarget(target: string): [string, number] {
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return [host, Number(target.slice(at + 1)) || 443];
}
