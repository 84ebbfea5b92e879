/** Errors from the Kubernetes API, said in one line that names the server, the resource and the HTTP status. */
import { ActionError, quote } from '@aws-delivery/action-kit';
import { isRecord } from './objects.js';

export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
}

/** A metav1.Status the API server sent with a failure. */
export interface ApiStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
}

export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly server: string,
    readonly method: string,
    /** What was asked for, e.g. `Deployment prod/web` or `GET /apis/apps/v1`. */
    readonly what: string,
    readonly status: number,
    readonly apiStatus: ApiStatus | undefined,
    hint?: string,
    /** Attempts made when the retries ran out (said in the message when more than one). */
    readonly attempts = 1,
  ) {
    const reason = apiStatus?.reason ? ` ${apiStatus.reason}` : '';
    const message = apiStatus?.message ? `: ${apiStatus.message}` : '';
    super(
      `${method} ${what} on ${server} failed with HTTP ${status}${reason}${afterAttempts(attempts)}${message}${hint ? `. ${hint}` : ''}`,
    );
  }

  get reason(): string | undefined {
    return this.apiStatus?.reason;
  }

  get causes(): StatusCause[] {
    return this.apiStatus?.details?.causes ?? [];
  }
}

/**
 * A failure to reach the API server at all (DNS, TLS, refused, timed out); the hint names the host, the way the
 * request went (the proxy, or directly and why) and what to check.
 */
export class KubeNetworkError extends ActionError {
  override readonly name = 'KubeNetworkError';
  constructor(
    readonly server: string,
    readonly method: string,
    readonly what: string,
    readonly code: string | undefined,
    detail: string,
    options?: { cause?: unknown; route?: string; attempts?: number },
  ) {
    super(
      `${method} ${what} on ${server} failed${afterAttempts(options?.attempts ?? 1)}: ${detail}`,
      `The API server ${new URL(server).host} could not be reached${options?.route ? ` ${options.route}` : ''}. ` +
        'Check the endpoint (cluster-endpoint, or the one DescribeCluster gave), that this runner can reach it (a ' +
        'private endpoint needs a runner in the VPC or a tunnel), and the http-proxy / no-proxy inputs.',
      options,
    );
  }
}

/** ` after 5 attempts` when the request was retried; empty otherwise. */
function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/**
 * A 2xx answer whose body is not the JSON the API server sends: a proxy's page, a login form, a broken body. Says
 * what arrived (type and size), never the body itself.
 */
export class KubeResponseError extends ActionError {
  override readonly name = 'KubeResponseError';
  constructor(server: string, method: string, what: string, status: number, contentType: string, bytes: number) {
    super(
      `${method} ${what} on ${server} answered HTTP ${status} with a body that is not JSON (${contentType || 'no content type'}, ${bytes} bytes).`,
      'Check that the endpoint is the Kubernetes API server itself (cluster-endpoint, or the one DescribeCluster ' +
        'gave), not a proxy, load balancer or login page in front of it.',
    );
  }
}

/**
 * A line of a watch stream that is not a watch event (not JSON, or no known type and object): a proxy rewriting the
 * stream, or a broken connection. Names the watch and the server and quotes the line shortened, escaped to one line.
 * Like client-go's stream watcher, the watch ends there and its caller reconnects from the last resourceVersion.
 */
export class KubeWatchDecodeError extends ActionError {
  override readonly name = 'KubeWatchDecodeError';
  constructor(
    readonly server: string,
    readonly what: string,
    line: string,
  ) {
    super(
      `WATCH ${what} on ${server} sent a line that is not a watch event (${Buffer.byteLength(line)} bytes: ${quote(line, 40)})`,
      'Check that nothing between this runner and the API server (a proxy, a load balancer) rewrites streamed answers.',
    );
  }
}

export function parseApiStatus(body: string): ApiStatus | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return isRecord(value) && value.kind === 'Status' ? (value as ApiStatus) : undefined;
  } catch {
    return undefined;
  }
}

/** Hints for statuses people meet while deploying. */
export function hintFor(status: number, method: string): string | undefined {
  if (status === 401) {
    return (
      'The API server did not accept the credentials. For EKS, check that the IAM principal has an access entry ' +
      '(or an aws-auth mapping) on the cluster and that the token was made for this cluster name and region.'
    );
  }
  if (status === 403) {
    return 'The identity is authenticated but not allowed this verb: grant it through RBAC or an EKS access policy.';
  }
  if (status === 409 && method === 'PATCH') {
    return (
      'Another field manager owns these fields. Remove them from the manifest, or set force-conflicts: true to take ' +
      'ownership (the other manager will fight back if it still writes them).'
    );
  }
  return undefined;
}

/** The fields and managers of a server-side apply conflict: `.spec.replicas (owned by "hpa-controller")`. */
export function describeConflicts(error: KubeApiError): string {
  return error.causes
    .filter((cause) => cause.type === 'FieldManagerConflict' || cause.field)
    .map((cause) => {
      const manager = /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1];
      return `${cause.field ?? '?'}${manager ? ` (owned by "${manager}")` : ''}`;
    })
    .join(', ');
}
