import { ConfigurationError, redactUrl } from '@aws-delivery/action-kit';
import { bypassesProxy, parseNoProxy, type NoProxyList } from './no-proxy.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A proxy to send requests through. `url` holds the credentials: never log it, log `redacted`. */
export interface ProxyEndpoint {
  url: URL;
  /** The URL with user and password replaced by ***, safe for logs and errors. */
  redacted: string;
  /** Where it came from: the input name or the environment variable. */
  source: string;
  /** The user name and password, raw and decoded, to scrub from any text. */
  secrets: string[];
}

export interface ProxySettings {
  /** The proxy for https:// endpoints. */
  https?: ProxyEndpoint;
  /** The proxy for http:// endpoints. */
  http?: ProxyEndpoint;
  noProxy: NoProxyList;
  noProxySource?: string;
}

export interface ProxyOptions {
  /** An explicit proxy URL (an `http-proxy` input): used for http and https endpoints, wins over the environment. */
  proxy?: string;
  /** An explicit NO_PROXY list; otherwise NO_PROXY / no_proxy from the environment. */
  noProxy?: string;
  env?: Environment;
  /** The input name to quote in errors about `proxy`. */
  proxyInputName?: string;
}

function firstSet(env: Environment, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function decode(part: string, what: string, source: string, redacted: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ConfigurationError(
      `The ${what} in the proxy URL ${redacted} (${source}) has a "%" that is not a %XX escape. ` +
        `URL-encode special characters in proxy credentials: % as %25, @ as %40, : as %3A, / as %2F, # as %23.`,
      source,
    );
  }
}

/** Parses a proxy URL; `proxy.corp:3128` means http://proxy.corp:3128. Errors never show the credentials. */
export function parseProxyUrl(value: string, source: string): ProxyEndpoint {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  // Until it parses, hide everything up to the last @: a password may hold any character.
  const redacted = withScheme.includes('@')
    ? withScheme.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/i, '$1***:***@')
    : withScheme;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigurationError(
      `${source} "${redacted}" is not a URL: a proxy is http://[user:password@]host:port.`,
      source,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(
      `${source} "${redacted}" uses ${url.protocol.replace(/:$/, '')}://: only http:// and https:// proxies are ` +
        `supported (an HTTP CONNECT proxy such as Squid).`,
      source,
    );
  }
  if (!url.hostname) {
    throw new ConfigurationError(`${source} "${redacted}" has no host: a proxy is http://host:port.`, source);
  }
  const secrets: string[] = [];
  if (url.username) secrets.push(url.username, decode(url.username, 'user name', source, redacted));
  if (url.password) secrets.push(url.password, decode(url.password, 'password', source, redacted));
  return { url, redacted: redactUrl(url.toString()), source, secrets: [...new Set(secrets)] };
}

/**
 * Which proxy each kind of endpoint uses. An explicit `proxy` serves both schemes. Otherwise, like the runner's
 * own tools, https:// endpoints use HTTPS_PROXY / https_proxy and http:// endpoints use HTTP_PROXY / http_proxy.
 */
export function resolveProxySettings(options: ProxyOptions = {}): ProxySettings {
  const env = options.env ?? process.env;
  const explicitNoProxy = options.noProxy === undefined ? undefined : { name: 'no-proxy', value: options.noProxy };
  const noProxy = explicitNoProxy ?? firstSet(env, ['NO_PROXY', 'no_proxy']);
  const settings: ProxySettings = {
    noProxy: parseNoProxy(noProxy?.value),
    ...(noProxy ? { noProxySource: noProxy.name } : {}),
  };
  const explicit = options.proxy?.trim();
  if (explicit) {
    const proxy = parseProxyUrl(explicit, options.proxyInputName ?? 'http-proxy');
    return { ...settings, https: proxy, http: proxy };
  }
  const https = firstSet(env, ['HTTPS_PROXY', 'https_proxy']);
  const http = firstSet(env, ['HTTP_PROXY', 'http_proxy']);
  return {
    ...settings,
    ...(https ? { https: parseProxyUrl(https.value, https.name) } : {}),
    ...(http ? { http: parseProxyUrl(http.value, http.name) } : {}),
  };
}

/** The proxy a request to this endpoint goes through, or undefined when it goes direct. */
export function proxyFor(
  settings: ProxySettings,
  protocol: string,
  hostname: string,
  port: number | undefined,
): ProxyEndpoint | undefined {
  const secure = protocol === 'https:';
  const proxy = secure ? settings.https : settings.http;
  if (!proxy) return undefined;
  return bypassesProxy(settings.noProxy, hostname, port ?? (secure ? 443 : 80)) ? undefined : proxy;
}

/** One log line describing the proxy setup, with credentials redacted. */
export function describeProxySettings(settings: ProxySettings): string {
  const parts: string[] = [];
  if (settings.https && settings.https === settings.http) {
    parts.push(`proxy ${settings.https.redacted} (from ${settings.https.source})`);
  } else {
    if (settings.https) parts.push(`https proxy ${settings.https.redacted} (from ${settings.https.source})`);
    if (settings.http) parts.push(`http proxy ${settings.http.redacted} (from ${settings.http.source})`);
  }
  if (parts.length === 0) return 'no proxy';
  if (settings.noProxySource && settings.noProxy.rules.length > 0) {
    parts.push(`${settings.noProxy.rules.length} NO_PROXY rule(s) from ${settings.noProxySource}`);
  }
  if (settings.noProxy.ignored.length > 0) {
    parts.push(`ignored NO_PROXY entries: ${settings.noProxy.ignored.join(', ')}`);
  }
  return parts.join('; ');
}
