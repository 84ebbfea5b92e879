import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { networkAgentFor } from './network-agent.js';

export interface HttpGetOptions {
  /** Proxy URL (an `http-proxy` input); otherwise HTTPS_PROXY / HTTP_PROXY, with NO_PROXY. */
  proxy?: string;
  /** Extra CA bundle (PEM file) added to Node's roots; otherwise AWS_CA_BUNDLE. */
  caBundle?: string;
  headers?: Record<string, string>;
  /** Until the answer has started: after it, and between the body's pieces (default 30 s). */
  timeoutMs?: number;
  /** A body larger than this fails the request (default 512 MiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface HttpGetAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One GET that is not an AWS API call (a registry, a release download), on the same proxy, NO_PROXY and CA rules as
 * the AWS clients (networkAgentFor), with a timeout and a cap on the body. No redirects and no retries: the caller
 * decides what an answer means.
 */
export function httpGet(url: URL, options: HttpGetOptions = {}): Promise<HttpGetAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  const agent = networkAgentFor(url, {
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.caBundle ? { caBundle: options.caBundle } : {}),
  });
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'GET',
        agent,
        timeout: timeoutMs,
        headers: options.headers ?? {},
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) request.destroy(new Error(`the answer is larger than ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response from ${url.host} within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}
