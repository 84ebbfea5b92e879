import { BlockList, isIP } from 'node:net';

/** One NO_PROXY entry, parsed. Host names are matched as names: they are never resolved to addresses. */
export type NoProxyRule =
  | { kind: 'all' }
  | { kind: 'domain'; domain: string; port?: number }
  | { kind: 'address'; address: string; family: 'ipv4' | 'ipv6'; port?: number }
  | { kind: 'cidr'; network: string; prefix: number; family: 'ipv4' | 'ipv6' };

export interface NoProxyList {
  rules: NoProxyRule[];
  /** Entries that could not be understood (reported in the log, otherwise ignored). */
  ignored: string[];
}

function family(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port > 0 && port < 65536 ? port : undefined;
}

function parseEntry(raw: string): NoProxyRule | undefined {
  const entry = raw.toLowerCase();
  if (entry === '*') return { kind: 'all' };
  if (entry.includes('/')) {
    const [network = '', prefixText = ''] = entry.split('/');
    const networkFamily = family(network);
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!networkFamily || !(prefix >= 0 && prefix <= (networkFamily === 'ipv4' ? 32 : 128))) return undefined;
    return { kind: 'cidr', network, prefix, family: networkFamily };
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    const address = bracketed[1] ?? '';
    const port = bracketed[2] === undefined ? undefined : parsePort(bracketed[2]);
    if (family(address) !== 'ipv6' || (bracketed[2] !== undefined && port === undefined)) return undefined;
    return { kind: 'address', address, family: 'ipv6', ...(port ? { port } : {}) };
  }
  const bareFamily = family(entry);
  if (bareFamily) return { kind: 'address', address: entry, family: bareFamily };
  const hostPort = /^(.*):([^:]*)$/.exec(entry);
  const host = hostPort ? (hostPort[1] ?? '') : entry;
  const port = hostPort ? parsePort(hostPort[2] ?? '') : undefined;
  if (hostPort && port === undefined) return undefined;
  const hostFamily = family(host);
  if (hostFamily) return { kind: 'address', address: host, family: hostFamily, ...(port ? { port } : {}) };
  const domain = host.replace(/^\*?\.+/, '').replace(/\.$/, '');
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(domain)) return undefined;
  return { kind: 'domain', domain, ...(port ? { port } : {}) };
}

/**
 * Parses NO_PROXY: entries separated by commas or white space; `*` (everything), host names and domain suffixes
 * with or without a leading `.` or `*.` (each matches the domain and all its subdomains), `host:port`, IPv4 and
 * IPv6 addresses (`[::1]:8080` with a port), and CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
 */
export function parseNoProxy(value: string | undefined): NoProxyList {
  const list: NoProxyList = { rules: [], ignored: [] };
  for (const raw of (value ?? '').split(/[\s,]+/)) {
    if (!raw) continue;
    const rule = parseEntry(raw);
    if (rule) list.rules.push(rule);
    else list.ignored.push(raw);
  }
  return list;
}

function sameAddress(a: string, b: string, addressFamily: 'ipv4' | 'ipv6'): boolean {
  const list = new BlockList();
  list.addAddress(a, addressFamily);
  return list.check(b, addressFamily);
}

function matches(rule: NoProxyRule, host: string, port: number): boolean {
  const hostFamily = family(host);
  switch (rule.kind) {
    case 'all':
      return true;
    case 'domain':
      return (
        (rule.port === undefined || rule.port === port) && (host === rule.domain || host.endsWith(`.${rule.domain}`))
      );
    case 'address':
      return (
        (rule.port === undefined || rule.port === port) &&
        hostFamily === rule.family &&
        sameAddress(rule.address, host, rule.family)
      );
    case 'cidr': {
      if (hostFamily !== rule.family) return false;
      const list = new BlockList();
      list.addSubnet(rule.network, rule.prefix, rule.family);
      return list.check(host, rule.family);
    }
  }
}

/** Whether a request to host:port goes direct instead of through the proxy. */
export function bypassesProxy(list: NoProxyList, hostname: string, port: number): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return list.rules.some((rule) => matches(rule, host, port));
}
