import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for a release host or mirror: static files by path, optional redirects, a request log. */
export interface ReleaseServer {
  url: string;
  requests: string[];
  stop(): Promise<void>;
}

export async function startReleaseServer(
  files: Record<string, Buffer | string>,
  redirects: Record<string, string> = {},
): Promise<ReleaseServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push(path);
    if (redirects[path]) {
      response.writeHead(302, { location: redirects[path] });
      response.end();
      return;
    }
    const body = files[path];
    if (body === undefined) {
      response.writeHead(404);
      response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
