import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ProbeRequest {
  method?: string;
  /** The request target to send instead of the URL's path, e.g. an absolute URL when talking to a proxy. */
  requestTarget?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM text of the CA to trust for https URLs. */
  ca?: string;
  /** Talk HTTP over this unix socket instead of TCP (the URL's host is then ignored). */
  socketPath?: string;
  timeoutMs?: number;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One small HTTP(S) request with a timeout; used to see whether a local service answers. */
export function probeHttp(url: string, options: ProbeRequest = {}): Promise<ProbeResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: options.requestTarget ?? `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        socketPath: options.socketPath,
        ca: options.ca,
        agent: false,
        timeout: options.timeoutMs ?? 2_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response from ${url} within ${options.timeoutMs ?? 2_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
