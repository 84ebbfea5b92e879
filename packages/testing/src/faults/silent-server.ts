import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP server that accepts every connection and never sends a byte. */
export interface SilentServer {
  port: number;
  /** `http://127.0.0.1:<port>`, for an endpoint or proxy input. */
  url: string;
  /** Connections accepted so far (one per attempt of a client that does not reuse them). */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A black-holed endpoint, or a proxy that never answers CONNECT: the connection opens, then nothing ever comes
 * back, so only a client's own deadline ends the wait.
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
