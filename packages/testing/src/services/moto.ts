import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../ports.js';
import { createTestCa } from '../tls.js';
import { requireBinary } from './binaries.js';
import { probeHttp } from './http-probe.js';
import { launchProcess } from './managed-process.js';
import { readyService, withServiceDir, type ServiceHandle } from './service-handle.js';

export interface MotoOptions {
  /** Serve HTTPS with a certificate for localhost and 127.0.0.1 from a throwaway CA (see `caBundle`). */
  tls?: boolean;
  /** How long to wait for moto_server to answer (default 60 s; it imports a lot of Python on start). */
  startTimeoutMs?: number;
}

export interface MotoService extends ServiceHandle {
  /** http://127.0.0.1:PORT, or https://localhost:PORT with `tls`. */
  endpoint: string;
  port: number;
  /** With `tls`: path of the CA certificate (PEM) that signed moto's certificate. */
  caBundle?: string;
  /** Forgets every resource moto holds (POST /moto-api/reset). */
  reset(): Promise<void>;
  /**
   * Every request moto has answered so far, oldest first, read from its request log (one line per request):
   * method, path with query, status. For counting calls (PutObject is a PUT of a key) without a proxy in between.
   */
  requests(): MotoRequest[];
}

export interface MotoRequest {
  method: string;
  path: string;
  status: number;
}

/** werkzeug's request line: `127.0.0.1 - - [date] "PUT /bucket/key HTTP/1.1" 200 -`. */
const REQUEST_LINE = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /;

export function parseMotoRequestLog(text: string): MotoRequest[] {
  return text.split('\n').flatMap((line) => {
    const match = REQUEST_LINE.exec(line);
    return match ? [{ method: match[1] ?? '', path: match[2] ?? '', status: Number(match[3]) }] : [];
  });
}

/** Starts a real moto server on a free loopback port (plain HTTP, or HTTPS with `tls`). */
export async function startMoto(options: MotoOptions = {}): Promise<MotoService> {
  const motoServer = requireBinary('moto_server', 'python3 -m pip install "moto[server]"');
  return withServiceDir('moto', {}, async (dir) => {
    const port = await freePort();
    const args = ['-H', '127.0.0.1', '-p', String(port)];
    let endpoint = `http://127.0.0.1:${port}`;
    let caBundle: string | undefined;
    if (options.tls) {
      const ca = createTestCa(join(dir, 'ca'));
      const leaf = ca.issue(['localhost', '127.0.0.1']);
      args.push('-c', leaf.certPath, '-k', leaf.keyPath);
      endpoint = `https://localhost:${port}`;
      caBundle = ca.caCertPath;
    }
    const ca = caBundle === undefined ? undefined : readFileSync(caBundle, 'utf8');
    const logPath = join(dir, 'moto.log');
    const server = launchProcess({
      name: 'moto_server',
      command: motoServer,
      args,
      logPath,
      cwd: dir,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    const handle = await readyService(dir, server, {
      what: `moto_server on ${endpoint}`,
      probe: async () => (await probeHttp(`${endpoint}/moto-api/data.json`, { ca })).status === 200,
      timeoutMs: options.startTimeoutMs ?? 60_000,
    });
    return {
      ...handle,
      endpoint,
      port,
      ...(caBundle === undefined ? {} : { caBundle }),
      requests: () => parseMotoRequestLog(readFileSync(logPath, 'utf8')),
      reset: async () => {
        const response = await probeHttp(`${endpoint}/moto-api/reset`, { method: 'POST', ca });
        if (response.status !== 200) {
          throw new Error(
            `moto reset (POST ${endpoint}/moto-api/reset) answered HTTP ${response.status}: ${response.body}`,
          );
        }
      },
    };
  });
}
