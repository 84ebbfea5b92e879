/** Plain fetch against the fake, as any HTTP client of Grafana would call it. */
import { afterAll, beforeAll } from '@jest/globals';
import {
  startFakeGrafana,
  type FakeGrafana,
  type FakeGrafanaOptions,
  type GrafanaVersion,
} from '../../src/fake-grafana/index.js';

export const VERSIONS: GrafanaVersion[] = ['9.5', '10.4', '11.6', '12.x'];

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  basic?: { user: string; password: string };
  headers?: Record<string, string>;
}

export async function call(
  fake: { url: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.basic)
    headers.Authorization = `Basic ${Buffer.from(`${options.basic.user}:${options.basic.password}`).toString('base64')}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** A fake started for the describe block with an Admin token; `api(method, path, body)` calls it with that token. */
export function useFakeGrafana(options: FakeGrafanaOptions): {
  fake: () => FakeGrafana;
  token: () => string;
  api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;
} {
  let fake: FakeGrafana | undefined;
  let token = '';
  beforeAll(async () => {
    fake = await startFakeGrafana(options);
    token = fake.createServiceAccountToken({ role: 'Admin' }).key;
  });
  afterAll(async () => {
    await fake?.stop();
  });
  const get = () => {
    if (!fake) throw new Error('the fake is not started');
    return fake;
  };
  return {
    fake: get,
    token: () => token,
    api: (method, path, body, headers) => call(get(), method, path, { body, token, headers }),
  };
}
