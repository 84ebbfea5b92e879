/** Splits a request path into what it addresses: discovery, a collection, an object or a subresource. */
export type Route =
  | { kind: 'version' | 'health' | 'api' | 'apis' | 'openapi-v2' | 'openapi-v3' }
  | { kind: 'openapi-v3-group'; group: string; version: string }
  | { kind: 'group'; group: string }
  | { kind: 'group-version'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
    }
  | { kind: 'unknown' };

function resourceRoute(group: string, version: string, rest: string[]): Route {
  const [first, second, third, fourth, fifth] = rest;
  if (!first) return { kind: 'group-version', group, version };
  if (
    first === 'namespaces' &&
    second !== undefined &&
    third !== undefined &&
    third !== 'status' &&
    third !== 'finalize'
  ) {
    if (rest.length > 5) return { kind: 'unknown' };
    return { kind: 'resource', group, version, resource: third, namespace: second, name: fourth, subresource: fifth };
  }
  if (rest.length > 3) return { kind: 'unknown' };
  return { kind: 'resource', group, version, resource: first, name: second, subresource: third };
}

export function route(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [root, a, b] = parts;
  if (pathname === '/version' || pathname === '/version/') return { kind: 'version' };
  if (['healthz', 'livez', 'readyz'].includes(root ?? '')) return { kind: 'health' };
  if (root === 'openapi') {
    if (a === 'v2' && parts.length === 2) return { kind: 'openapi-v2' };
    if (a === 'v3' && parts.length === 2) return { kind: 'openapi-v3' };
    if (a === 'v3' && parts[2] === 'api' && parts[3] && parts.length === 4)
      return { kind: 'openapi-v3-group', group: '', version: parts[3] };
    if (a === 'v3' && parts[2] === 'apis' && parts[3] && parts[4] && parts.length === 5) {
      return { kind: 'openapi-v3-group', group: parts[3], version: parts[4] };
    }
    return { kind: 'unknown' };
  }
  if (root === 'api') {
    if (!a) return { kind: 'api' };
    return resourceRoute('', a, parts.slice(2));
  }
  if (root === 'apis') {
    if (!a) return { kind: 'apis' };
    if (!b) return { kind: 'group', group: a };
    return resourceRoute(a, b, parts.slice(3));
  }
  return { kind: 'unknown' };
}
