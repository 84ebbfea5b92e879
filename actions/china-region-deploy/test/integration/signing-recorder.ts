/**
 * A thin recording layer in front of moto (which accepts any signature): forwards each request unchanged and
 * records who signed it — the access key id, region and service of its SigV4 credential scope — so a test can
 * tell which credentials signed the calls of each partition.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SignedCall {
  method: string;
  /** The request's path and query. */
  path: string;
  accessKeyId: string;
  region: string;
  service: string;
}

export interface SigningRecorder {
  endpoint: string;
  calls: SignedCall[];
  stop(): Promise<void>;
}

const SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export async function startSigningRecorder(target: string): Promise<SigningRecorder> {
  const upstream = new URL(target);
  const calls: SignedCall[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const scope = SCOPE.exec(String(incoming.headers.authorization ?? ''));
    if (scope)
      calls.push({
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        accessKeyId: scope[1] ?? '',
        region: scope[2] ?? '',
        service: scope[3] ?? '',
      });
    const forwarded = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
