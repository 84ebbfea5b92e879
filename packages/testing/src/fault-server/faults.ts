/**
 * What a fault server does with one request. `pass` forwards it to the upstream service (or gives the server's own
 * answer when it stands alone); every other fault replaces or spoils that answer.
 */
export type Fault =
  | { kind: 'pass' }
  /** Waits, then passes the request on. */
  | { kind: 'latency'; ms: number }
  /** Answers with this status at once (a 429 or 503 burst is N of these); the upstream never sees the request. */
  | { kind: 'status'; status: number; body?: string; headers?: Readonly<Record<string, string>> }
  /** Resets the TCP connection (RST) as soon as the request is in: no status line reaches the client. */
  | { kind: 'reset-before-headers' }
  /** Sends the status line, the headers (with the full Content-Length) and half the body, then resets. */
  | { kind: 'reset-mid-body' }
  /** Like reset-mid-body, but ends the connection cleanly (FIN) after half the body: a short read, no error. */
  | { kind: 'truncate' }
  /** Answers 200 (or `status`) with a body that is neither XML nor JSON and carries workflow-command text. */
  | { kind: 'garbage'; status?: number; body?: string; contentType?: string }
  /** Reads the request and never answers: the connection stays open until the client or the server gives up. */
  | { kind: 'hang' };

/** What a garbage fault sends by default: not XML, not JSON, with lines a runner would read as commands. */
export const GARBAGE_BODY =
  '<<not-xml {"not": json\n::error title=fault-server::garbage answer\n::add-mask::fault\r\n%0A::warning::x\n\u0000\u0001';

/** A request as the fault server saw it. */
export interface FaultRequest {
  method: string;
  /** The path and query as sent. */
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The request body as text (a Query API's `Action=` is in it). */
  body: string;
}

/** One request the server received, and what it did with it. */
export interface RecordedRequest extends FaultRequest {
  /** Milliseconds since the epoch when the request's headers arrived. */
  time: number;
  fault: Fault['kind'];
}

/**
 * Which faults to apply: to each request that `match` accepts (default: every one), the next fault of `faults`,
 * and `then` (default pass) once they are used up. Requests `match` refuses always pass.
 */
export interface FaultScript {
  faults?: readonly Fault[];
  then?: Fault;
  match?: (request: FaultRequest) => boolean;
}

/** `count` answers with `status` (e.g. `burst(503, 2)`), for a script's `faults`. */
export function burst(status: number, count: number, body?: string): Fault[] {
  return Array.from({ length: count }, () => ({ kind: 'status', status, ...(body !== undefined ? { body } : {}) }));
}

/** Hands out the faults of a script, one per matching request, in order. */
export class FaultSchedule {
  private used = 0;
  constructor(private readonly script: FaultScript = {}) {}

  next(request: FaultRequest): Fault {
    if (this.script.match && !this.script.match(request)) return { kind: 'pass' };
    const faults = this.script.faults ?? [];
    const fault = faults[this.used];
    if (fault !== undefined) {
      this.used += 1;
      return fault;
    }
    return this.script.then ?? { kind: 'pass' };
  }
}
