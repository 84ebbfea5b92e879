import type { ClientRequest } from 'node:http';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { HttpHandlerOptions } from '@smithy/types';
import { explainTransportError } from './transport-errors.js';
import { proxyRefusalOf, TransportRoutes } from './routes.js';
import type { NetworkSettings } from './settings.js';

/** What the handler is built from: proxy settings, trusted CAs, timeouts and the log. */
export type TransportOptions = NetworkSettings;

type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];
type HttpResponse = Awaited<ReturnType<NodeHttpHandler['handle']>>['response'];

/**
 * The request handler every AWS SDK client gets: per request it picks the proxy (or none, by NO_PROXY), trusts
 * Node's CAs plus the extra bundle, applies connect and request timeouts, and turns transport failures into errors
 * that name the endpoint and the limit, with proxy credentials redacted. Routes and agents are the TransportRoutes
 * the STS query client uses too; the sending is @smithy/node-http-handler's.
 */
export class AwsHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly routes: TransportRoutes;
  private readonly direct: NodeHttpHandler;
  private readonly proxied?: NodeHttpHandler;

  constructor(options: TransportOptions) {
    this.routes = new TransportRoutes(options);
    const timeouts: NodeHttpHandlerOptions = {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: options.connectTimeoutMs,
      socketTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    };
    this.direct = new NodeHttpHandler({
      ...timeouts,
      httpAgent: this.routes.agent('http:', undefined),
      httpsAgent: this.routes.agent('https:', undefined),
    });
    const { https, http } = options.proxy;
    if (https || http) {
      this.proxied = new NodeHttpHandler({
        ...timeouts,
        ...(http ? { httpAgent: this.routes.agent('http:', http) } : {}),
        ...(https ? { httpsAgent: this.routes.agent('https:', https) } : {}),
      });
    }
  }

  async handle(request: HttpRequest, handlerOptions?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const route = this.routes.route(request.protocol, request.hostname, request.port, handlerOptions?.requestTimeout);
    const handler = route.proxy && this.proxied ? this.proxied : this.direct;
    let result: { response: HttpResponse };
    try {
      result = await handler.handle(request, handlerOptions);
    } catch (error) {
      throw explainTransportError(error, route.context);
    }
    const { response } = result;
    const body = response.body as { req?: ClientRequest; destroy?: () => void } | undefined;
    const refusal = proxyRefusalOf(route, {
      statusCode: response.statusCode,
      statusText: response.reason ?? '',
      request: body?.req,
    });
    if (refusal) {
      body?.destroy?.();
      throw refusal;
    }
    return result;
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
    this.routes.destroy();
  }
}
