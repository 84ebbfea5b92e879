import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createSecureContext } from 'node:tls';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { HttpHandlerOptions } from '@smithy/types';
import { HttpProxyAgent } from 'http-proxy-agent';
import { proxyFor, type ProxyEndpoint, type ProxySettings } from './proxy.js';
import { AGENT_OPTIONS, connectRefusal, TunnelAgent } from './tunnel-agent.js';
import { explainTransportError, proxyRefusedError, type TransportContext } from './transport-errors.js';

export interface TransportOptions {
  proxy: ProxySettings;
  /** TLS trust: Node's roots plus the extra bundle; undefined keeps Node's defaults. */
  ca?: string[];
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  log: (line: string) => void;
}

type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];
type HttpResponse = Awaited<ReturnType<NodeHttpHandler['handle']>>['response'];

function endpointOf(request: HttpRequest): { host: string; port: number; endpoint: string } {
  const port = request.port ?? (request.protocol === 'https:' ? 443 : 80);
  const host = request.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, endpoint: `${request.hostname}:${port}` };
}

/**
 * The request handler every AWS client gets: per request it picks the proxy (or none, by NO_PROXY), trusts Node's
 * CAs plus the extra bundle, applies connect and request timeouts, and turns transport failures into errors that
 * name the endpoint and the limit, with proxy credentials redacted.
 */
export class AwsHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly direct: NodeHttpHandler;
  private readonly proxied?: NodeHttpHandler;
  private readonly secrets: string[];
  private readonly routesLogged = new Set<string>();

  constructor(private readonly options: TransportOptions) {
    const timeouts: NodeHttpHandlerOptions = {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: options.connectTimeoutMs,
      socketTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    };
    // One TLS context for every connection: parsing hundreds of CA certificates per connection would be wasteful.
    const secureContext = options.ca ? createSecureContext({ ca: options.ca }) : undefined;
    const tls = secureContext ? { secureContext } : {};
    this.direct = new NodeHttpHandler({
      ...timeouts,
      httpAgent: new HttpAgent(AGENT_OPTIONS),
      httpsAgent: new HttpsAgent({ ...AGENT_OPTIONS, ...tls }),
    });
    const { https, http } = options.proxy;
    if (https || http) {
      this.proxied = new NodeHttpHandler({
        ...timeouts,
        ...(http ? { httpAgent: new HttpProxyAgent(http.url.href, AGENT_OPTIONS) } : {}),
        ...(https ? { httpsAgent: new TunnelAgent(https.url.href, secureContext) } : {}),
      });
    }
    this.secrets = [...new Set([...(https?.secrets ?? []), ...(http?.secrets ?? [])])];
  }

  async handle(request: HttpRequest, handlerOptions?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const { host, port, endpoint } = endpointOf(request);
    const proxy = this.proxied ? proxyFor(this.options.proxy, request.protocol, host, port) : undefined;
    this.logRoute(endpoint, proxy, request.protocol);
    const context: TransportContext = {
      endpoint,
      ...(proxy ? { proxy } : {}),
      requestTimeoutMs: handlerOptions?.requestTimeout ?? this.options.requestTimeoutMs,
      connectTimeoutMs: this.options.connectTimeoutMs,
      secrets: this.secrets,
    };
    const handler = proxy && this.proxied ? this.proxied : this.direct;
    let result: { response: HttpResponse };
    try {
      result = await handler.handle(request, handlerOptions);
    } catch (error) {
      throw explainTransportError(error, context);
    }
    if (proxy) {
      const refusal = this.proxyRefusal(result.response, request.protocol);
      if (refusal) {
        (result.response.body as { destroy?: () => void } | undefined)?.destroy?.();
        throw proxyRefusedError(refusal.statusCode, refusal.statusText, { ...context, proxy });
      }
    }
    return result;
  }

  private proxyRefusal(
    response: HttpResponse,
    protocol: string,
  ): { statusCode: number; statusText: string } | undefined {
    if (protocol === 'https:') {
      return connectRefusal((response.body as { req?: Parameters<typeof connectRefusal>[0] } | undefined)?.req);
    }
    return response.statusCode === 407 ? { statusCode: 407, statusText: response.reason ?? '' } : undefined;
  }

  private logRoute(endpoint: string, proxy: ProxyEndpoint | undefined, protocol: string): void {
    const schemeProxy = protocol === 'https:' ? this.options.proxy.https : this.options.proxy.http;
    const route = proxy ? `through proxy ${proxy.redacted}` : schemeProxy ? 'direct (NO_PROXY)' : 'direct';
    const key = `${endpoint} ${route}`;
    if (this.routesLogged.has(key)) return;
    this.routesLogged.add(key);
    this.options.log(`AWS requests to ${endpoint} go ${route}.`);
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
    this.direct.updateHttpClientConfig(key, value);
    this.proxied?.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.direct.httpHandlerConfigs();
  }

  destroy(): void {
    this.direct.destroy();
    this.proxied?.destroy();
  }
}
