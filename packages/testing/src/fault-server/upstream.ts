import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
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

type UpstreamRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer };

/**
 * Sends the request to the upstream service unchanged (same method, path and headers, Host included, so a SigV4
 * signature stays valid); `onAnswer` gets the answer as it starts.
 */
function send(
  upstream: URL,
  request: UpstreamRequest,
  ca: string | undefined,
  onAnswer: (answer: IncomingMessage) => void,
) {
  const sendRequest = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = sendRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.path,
      headers: { ...endToEndHeaders(request.headers), 'content-length': String(request.body.length) },
      ...(ca ? { ca } : {}),
      agent: false,
    },
    onAnswer,
  );
  outgoing.end(request.body);
  return outgoing;
}

/** Sends the request upstream and reads the whole answer (a fault that spoils it needs all of it first). */
export function forward(upstream: URL, request: UpstreamRequest, ca: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    send(upstream, request, ca, (response) => {
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
    }).on('error', reject);
  });
}

/**
 * Sends the request upstream and streams the answer back as it arrives: a passed request is not held back, so a
 * Kubernetes watch delivers each event when the server sends it, as it would through a plain proxy.
 */
export function relay(
  upstream: URL,
  request: UpstreamRequest,
  ca: string | undefined,
  response: ServerResponse,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = send(upstream, request, ca, (answer) => {
      response.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(response);
      answer.on('end', () => resolve());
      answer.on('error', reject);
    });
    outgoing.on('error', reject);
    response.on('close', () => outgoing.destroy());
  });
}
