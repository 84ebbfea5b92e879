import type { Agent, ClientRequest } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { waitingFor } from '@aws-delivery/action-kit';
import { resolveTrustedCertificates } from './ca-bundle.js';
import { bypassesProxy } from './no-proxy.js';
import { proxyFor, resolveProxySettings, type Environment, type ProxyEndpoint } from './proxy.js';
import { AGENT_OPTIONS, TunnelAgent } from './tunnel-agent.js';

export interface NetworkOptions {
  /** Proxy URL (an `http-proxy` input); otherwise HTTPS_PROXY / HTTP_PROXY. */
  proxy?: string;
  noProxy?: string;
  /** Extra CA bundle (PEM) added to Node's roots; otherwise AWS_CA_BUNDLE. */
  caBundle?: string;
  /** A CA to trust in addition (PEM text), e.g. a Kubernetes cluster's own CA. */
  ca?: string;
  /**
   * Trust `ca` alone, without Node's roots or the extra bundle (which are still read and checked): a secure context
   * of one certificate instead of 120 parsed. For a first try only: the caller must retry a certificate its CA does
   * not verify with the full set, so that together they trust exactly what the full set trusts.
   */
  caOnly?: boolean;
  env?: Environment;
}

/**
 * The agent for one route: an http:// or https:// endpoint, direct or through the proxy chosen for it. https://
 * endpoints are verified with the secure context (Node's roots plus the extra CAs) whether tunnelled or not; kept
 * alive, at most 50 sockets per host.
 */
export function agentFor(protocol: string, proxy: ProxyEndpoint | undefined, secureContext?: SecureContext): Agent {
  if (protocol === 'https:') {
    if (proxy) return recordingWaits(new TunnelAgent(proxy.url.href, secureContext), proxy);
    return recordingWaits(new HttpsAgent({ ...AGENT_OPTIONS, ...(secureContext ? { secureContext } : {}) }));
  }
  return recordingWaits(
    proxy ? new HttpProxyAgent(proxy.url.href, AGENT_OPTIONS) : new HttpAgent(AGENT_OPTIONS),
    proxy,
  );
}

/** The part of http.Agent every request passes through (ClientRequest calls it with the request's options). */
interface RequestIntake {
  addRequest(request: ClientRequest, options: { host?: string | null; hostname?: string | null; port?: unknown }): void;
}

/**
 * Registers each request of the agent as a wait of the step (action-kit's `waitingFor`) from when it is handed to
 * the agent until it closes, so that the overall timeout names the endpoint and the proxy it was waiting for.
 */
function recordingWaits<A extends Agent>(agent: A, proxy?: ProxyEndpoint): A {
  const intake = agent as unknown as RequestIntake;
  const addRequest = intake.addRequest.bind(agent);
  intake.addRequest = (request, options) => {
    const host = String(options.hostname ?? options.host ?? 'localhost');
    const port = options.port ? `:${String(options.port)}` : '';
    const route = proxy ? ` through proxy ${proxy.redacted} (from ${proxy.source})` : '';
    request.once(
      'close',
      waitingFor(`an answer from ${host}${port}${route}`, () => !request.destroyed),
    );
    addRequest(request, options);
  };
  return agent;
}

/**
 * A Node agent for an HTTP(S) call that is not made by an AWS SDK client (the GitHub OIDC token service, a
 * Kubernetes API server, Grafana, a scanner download), following the same proxy, NO_PROXY and CA rules as the
 * AWS clients. The returned agent is for this URL's host: NO_PROXY is decided here.
 */
export function networkAgentFor(url: string | URL, options: NetworkOptions = {}): Agent {
  const target = typeof url === 'string' ? new URL(url) : url;
  const env = options.env ?? process.env;
  const settings = resolveProxySettings({
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
    env,
  });
  const trusted = resolveTrustedCertificates({
    ...(options.caBundle !== undefined ? { caBundle: options.caBundle } : {}),
    env,
  });
  // Node's roots (plus the extra bundle), and the endpoint's own CA when it has one.
  const ca = options.ca
    ? options.caOnly
      ? [options.ca]
      : [...(trusted.ca ?? rootCertificates), options.ca]
    : trusted.ca;
  const secureContext = ca && target.protocol === 'https:' ? createSecureContext({ ca }) : undefined;
  const port = target.port ? Number(target.port) : undefined;
  const proxy = proxyFor(settings, target.protocol, target.hostname.replace(/^\[(.*)\]$/, '$1'), port);
  return agentFor(target.protocol, proxy, secureContext);
}

/**
 * How a request to `url` travels, for an error that says a host could not be reached: through which proxy (its
 * credentials redacted) or directly, and whether NO_PROXY decided that.
 */
export function describeRoute(
  url: string | URL,
  options: Pick<NetworkOptions, 'proxy' | 'noProxy' | 'env'> = {},
): string {
  const target = typeof url === 'string' ? new URL(url) : url;
  const settings = resolveProxySettings({
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
    env: options.env ?? process.env,
  });
  const secure = target.protocol === 'https:';
  const candidate = secure ? settings.https : settings.http;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!candidate) return 'directly (no proxy is set)';
  const port = target.port ? Number(target.port) : secure ? 443 : 80;
  const noProxy = `NO_PROXY${settings.noProxySource ? ` (from ${settings.noProxySource})` : ''}`;
  return bypassesProxy(settings.noProxy, host, port)
    ? `directly: ${noProxy} matches ${host}, so the proxy ${candidate.redacted} is not used`
    : `through the proxy ${candidate.redacted} (from ${candidate.source}); ${noProxy} does not match ${host}`;
}
