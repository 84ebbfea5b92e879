import { isIP } from 'node:net';
import { ConfigurationError, quote, redactUrl } from '@aws-delivery/action-kit';
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
  /** The input name to quote in errors about `noProxy`. */
  noProxyInputName?: string;
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

/** An address no proxy can listen on: unspecified (0.0.0.0, ::), IPv4 broadcast, or multicast. */
function unusableAddress(hostname: string): boolean {
  const address = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (isIP(address) === 4) {
    const first = Number(address.split('.')[0]);
    return address === '0.0.0.0' || address === '255.255.255.255' || (first >= 224 && first <= 239);
  }
  if (isIP(address) === 6) return address === '::' || address.startsWith('ff');
  return false;
}

/** What makes a parsed proxy URL one that cannot work, or undefined. */
function proxyUrlProblem(url: URL): string | undefined {
  if (url.port === '0') return 'has port 0';
  if (unusableAddress(url.hostname)) return `has the address ${url.hostname}, which no proxy can listen on`;
  if (url.pathname !== '/' || url.search || url.hash) return 'has a path, query or fragment after host:port';
  return undefined;
}

/**
 * Parses a proxy URL; `proxy.corp:3128` means http://proxy.corp:3128. Refused with a ConfigurationError naming
 * `source`: what is no URL, a scheme other than http(s), port 0, an address nothing listens on, anything after
 * host:port, and white space or control characters (which URL parsing would silently drop). Errors never show the
 * credentials.
 */
export function parseProxyUrl(value: string, source: string): ProxyEndpoint {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigurationError(
      `${source} holds white space or a control character (a line break, say): a proxy is one URL, ` +
        'http://[user:password@]host:port, with special characters in the credentials URL-encoded.',
      source,
    );
  }
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
  const problem = proxyUrlProblem(url);
  if (problem) {
    throw new ConfigurationError(
      `${source} "${redacted}" ${problem}: a proxy is http://[user:password@]host:port.`,
      source,
    );
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
  const noProxyList = parseNoProxy(noProxy?.value);
  // The environment's NO_PROXY is the runner's: entries it cannot use are logged and skipped. The input is ours.
  if (explicitNoProxy && noProxyList.ignored.length > 0) {
    const name = options.noProxyInputName ?? 'no-proxy';
    throw new ConfigurationError(
      `${name} has entries that are no host, domain, address or CIDR range: ` +
        `${noProxyList.ignored.map((entry) => quote(entry, 40)).join(', ')}. Give host names or domains ` +
        '(.corp.example), host:port, IP addresses ([::1]:8080) or CIDR ranges (10.0.0.0/8), separated by commas.',
      name,
    );
  }
  const settings: ProxySettings = {
    noProxy: noProxyList,
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
