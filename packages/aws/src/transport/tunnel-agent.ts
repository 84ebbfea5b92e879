import type { ClientRequest } from 'node:http';
import type { SecureContext } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';

export const AGENT_OPTIONS = { keepAlive: true, maxSockets: 50 };

const CONNECT_ANSWER = Symbol('proxy CONNECT answer');
type TaggedRequest = ClientRequest & { [CONNECT_ANSWER]?: { statusCode: number; statusText: string } };

/** Remembers the proxy's answer to CONNECT on the request; TunnelAgent does it for every request it tunnels. */
export function recordConnectAnswer(request: ClientRequest, answer: { statusCode: number; statusText?: string }): void {
  (request as TaggedRequest)[CONNECT_ANSWER] = { statusCode: answer.statusCode, statusText: answer.statusText ?? '' };
}

/** The proxy's answer to CONNECT for a request sent through a TunnelAgent, when it was not 200. */
export function connectRefusal(
  request: ClientRequest | undefined,
): { statusCode: number; statusText: string } | undefined {
  const answer = (request as TaggedRequest | undefined)?.[CONNECT_ANSWER];
  return answer && answer.statusCode !== 200 ? answer : undefined;
}

/**
 * An HTTPS-through-CONNECT agent that verifies the endpoint with the given CAs (HttpsProxyAgent applies its own
 * options only to the proxy connection, not to the TLS session with the endpoint) and remembers the proxy's answer
 * to CONNECT on the request, to explain a refusal.
 */
export class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly secureContext: SecureContext | undefined,
  ) {
    super(proxy, { ...AGENT_OPTIONS, ...(secureContext ? { secureContext } : {}) });
  }

  override async connect(req: TaggedRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    req.once('proxyConnect', (answer: { statusCode: number; statusText?: string }) => recordConnectAnswer(req, answer));
    const secureContext = this.secureContext;
    return super.connect(req, secureContext ? ({ ...opts, secureContext } as typeof opts) : opts);
  }
}
