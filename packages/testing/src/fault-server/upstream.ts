import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A whole answer, read before any fault spoils it (a truncated body needs the full length first). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Headers that describe one connection or one framing, never copied from one hop to the next. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
]);

/** The end-to-end headers of a message, ready to send on the next hop. */
export function endToEndHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const copied: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) copied[name] = value;
  }
  return copied;
}

/**
 * Sends the request to the upstream service unchanged (same method, path and headers, Host included, so a SigV4
 * signature stays valid) and reads the whole answer.
 */
export function forward(
  upstream: URL,
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
  ca: string | undefined,
): Promise<Answer> {
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.path,
        headers: { ...endToEndHeaders(request.headers), 'content-length': String(request.body.length) },
        ...(ca ? { ca } : {}),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 502,
            headers: endToEndHeaders(response.headers),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
