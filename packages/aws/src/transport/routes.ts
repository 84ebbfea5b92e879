import type { Agent, ClientRequest } from 'node:http';
import { createSecureContext, type SecureContext } from 'node:tls';
import { agentFor } from './network-agent.js';
import { proxyFor, type ProxyEndpoint } from './proxy.js';
import { proxyRefusedError, type AwsTransportError, type TransportContext } from './transport-errors.js';
import type { NetworkSettings } from './settings.js';
import { connectRefusal } from './tunnel-agent.js';

/** How one request travels: to which endpoint, through which proxy (or none), with which agent and limits. */
export interface Route {
  protocol: string;
  /** The host name to connect to, without the brackets of an IPv6 address. */
  host: string;
  port: number;
  /** `host:port` as logs and errors name it. */
  endpoint: string;
  proxy?: ProxyEndpoint;
  agent: Agent;
  /** What transport errors on this route are explained with. */
  context: TransportContext;
}

/**
 * The routes of one client, shared by every sender (the SDK's request handler and the STS query client): per
 * endpoint the proxy or none (NO_PROXY), logged once per endpoint and route; one kept-alive agent per route, all
 * verifying TLS with one secure context built from Node's roots plus the extra CA bundle.
 */
export class TransportRoutes {
  /** Proxy user names and passwords, to scrub from any message. */
  readonly secrets: readonly string[];
  private readonly logged = new Set<string>();
  private readonly agents = new Map<string, Agent>();
  private secureContext?: SecureContext;

  constructor(readonly settings: NetworkSettings) {
    const { https, http } = settings.proxy;
    this.secrets = [...new Set([...(https?.secrets ?? []), ...(http?.secrets ?? [])])];
  }

  /** The route of a request to protocol://hostname[:port]; logs it the first time it is taken. */
  route(protocol: string, hostname: string, port: number | undefined, requestTimeoutMs?: number): Route {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    const effectivePort = port ?? (protocol === 'https:' ? 443 : 80);
    const endpoint = `${hostname}:${effectivePort}`;
    const proxy = proxyFor(this.settings.proxy, protocol, host, effectivePort);
    this.logRoute(endpoint, proxy, protocol);
    return {
      protocol,
      host,
      port: effectivePort,
      endpoint,
      ...(proxy ? { proxy } : {}),
      agent: this.agent(protocol, proxy),
      context: {
        endpoint,
        ...(proxy ? { proxy } : {}),
        requestTimeoutMs: requestTimeoutMs ?? this.settings.requestTimeoutMs,
        connectTimeoutMs: this.settings.connectTimeoutMs,
        secrets: this.secrets,
      },
    };
  }

  /** The agent for http: or https:, direct or through the proxy that serves that scheme; made once. */
  agent(protocol: string, proxy: ProxyEndpoint | undefined): Agent {
    const key = `${protocol} ${proxy ? 'proxy' : 'direct'}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const tls = protocol === 'https:' ? this.tls() : undefined;
      agent = agentFor(protocol, proxy, tls);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every kept-alive connection. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  /** One TLS context for every connection: parsing hundreds of CA certificates per connection would be wasteful. */
  private tls(): SecureContext | undefined {
    if (!this.settings.ca) return undefined;
    this.secureContext ??= createSecureContext({ ca: this.settings.ca });
    return this.secureContext;
  }

  private logRoute(endpoint: string, proxy: ProxyEndpoint | undefined, protocol: string): void {
    const schemeProxy = protocol === 'https:' ? this.settings.proxy.https : this.settings.proxy.http;
    const route = proxy ? `through proxy ${proxy.redacted}` : schemeProxy ? 'direct (NO_PROXY)' : 'direct';
    const key = `${endpoint} ${route}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.settings.log(`${this.settings.label ?? 'AWS'} requests to ${endpoint} go ${route}.`);
  }
}

/**
 * The error for an answer that came from the proxy, not the endpoint: for an https:// endpoint any non-200 answer
 * to CONNECT (the tunnel agent remembers it on the request), for an http:// endpoint a 407. Undefined otherwise.
 */
export function proxyRefusalOf(
  route: Route,
  answer: { statusCode: number; statusText: string; request: ClientRequest | undefined },
): AwsTransportError | undefined {
  if (!route.proxy) return undefined;
  const refusal =
    route.protocol === 'https:'
      ? connectRefusal(answer.request)
      : answer.statusCode === 407
        ? { statusCode: 407, statusText: answer.statusText }
        : undefined;
  return refusal && proxyRefusedError(refusal.statusCode, refusal.statusText, { ...route.context, proxy: route.proxy });
}
