/** Failures as Grafana answers them: a status code and a JSON body with `message` (and `status` for dashboards). */
export class GrafanaError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, ...this.extra };
  }
}

export const fail = {
  badRequest: (message: string, extra?: Record<string, unknown>) => new GrafanaError(400, message, extra),
  unauthorized: (message = 'Unauthorized') => new GrafanaError(401, message),
  forbidden: (message = 'Access denied') => new GrafanaError(403, message),
  notFound: (message: string, extra?: Record<string, unknown>) => new GrafanaError(404, message, extra),
  conflict: (message: string, extra?: Record<string, unknown>) => new GrafanaError(409, message, extra),
  precondition: (message: string, status: string) => new GrafanaError(412, message, { status }),
  internal: (message: string) => new GrafanaError(500, message),
};
