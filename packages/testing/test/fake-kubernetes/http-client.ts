/** A small HTTPS client for talking to the fake directly (trusting its CA), and a watch-stream reader. */
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeKubernetes } from '@aws-delivery/testing';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Bearer token; the fake's static token by default, null for none. */
  token?: string | null;
}

export function call(fake: FakeKubernetes, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  const token = options.token === undefined ? fake.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${fake.url}${path}`, { method, headers, ca: fake.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface WatchEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads arbitrary JSON
  object: any;
}

export interface WatchStream {
  events: WatchEvent[];
  status: number;
  /** Resolves when `count` events have arrived (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function watch(fake: FakeKubernetes, path: string): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    const waiters: (() => void)[] = [];
    let buffer = '';
    let endResolve: () => void = () => undefined;
    const ended = new Promise<void>((r) => (endResolve = r));
    const req = httpsRequest(
      `${fake.url}${path}`,
      { method: 'GET', headers: { Authorization: `Bearer ${fake.token}`, Accept: 'application/json' }, ca: fake.caPem },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line) events.push(JSON.parse(line) as WatchEvent);
            newline = buffer.indexOf('\n');
          }
          for (const w of waiters.splice(0)) w();
        });
        res.on('end', () => endResolve());
        res.on('close', () => endResolve());
        resolve({
          events,
          status: res.statusCode ?? 0,
          ended,
          close: () => req.destroy(),
          waitFor(count, timeoutMs = 10_000) {
            return new Promise((ok, fail) => {
              const deadline = setTimeout(
                () =>
                  fail(
                    new Error(
                      `watch: expected ${count} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.type))}`,
                    ),
                  ),
                timeoutMs,
              );
              const check = () => {
                if (events.length >= count) {
                  clearTimeout(deadline);
                  ok(events.slice(0, count));
                } else waiters.push(check);
              };
              check();
            });
          },
        });
      },
    );
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

/** Poll `read` until `done` holds (the controllers run on a timer). */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  let last = await read();
  while (!done(last)) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 20));
    last = await read();
  }
  return last;
}
