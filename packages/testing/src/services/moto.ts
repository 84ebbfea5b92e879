import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../ports.js';
import { createTestCa } from '../tls.js';
import { requireBinary } from './binaries.js';
import { probeHttp } from './http-probe.js';
import { launchProcess } from './managed-process.js';
import { makeServiceDir, removeServiceDir } from './service-dir.js';
import { waitUntilReady } from './wait-until-ready.js';

export interface MotoOptions {
  /** Serve HTTPS with a certificate for localhost and 127.0.0.1 from a throwaway CA (see `caBundle`). */
  tls?: boolean;
  /** How long to wait for moto_server to answer (default 60 s; it imports a lot of Python on start). */
  startTimeoutMs?: number;
}

export interface MotoService {
  /** http://127.0.0.1:PORT, or https://localhost:PORT with `tls`. */
  endpoint: string;
  port: number;
  /** With `tls`: path of the CA certificate (PEM) that signed moto's certificate. */
  caBundle?: string;
  /** Forgets every resource moto holds (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Kills moto_server, waits for it to exit and removes its folder. */
  stop(): Promise<void>;
  /** The end of moto_server's log. */
  /** The instance's private temp folder (config, data, logs); removed by stop(). */
  dir: string;
  logTail(lines?: number): string;
  /** Pids that stop() ended (the server and its children), for leak checks. */
  stoppedPids(): number[];
}

/** Starts a real moto server on a free loopback port (plain HTTP, or HTTPS with `tls`). */
export async function startMoto(options: MotoOptions = {}): Promise<MotoService> {
  const motoServer = requireBinary('moto_server', 'python3 -m pip install "moto[server]"');
  const dir = makeServiceDir('moto');
  try {
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
    const server = launchProcess({
      name: 'moto_server',
      command: motoServer,
      args,
      logPath: join(dir, 'moto.log'),
      cwd: dir,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    const stop = async (): Promise<void> => {
      await server.stop();
      removeServiceDir(dir);
    };
    try {
      await waitUntilReady({
        what: `moto_server on ${endpoint}`,
        process: server,
        probe: async () => (await probeHttp(`${endpoint}/moto-api/data.json`, { ca })).status === 200,
        timeoutMs: options.startTimeoutMs ?? 60_000,
      });
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      endpoint,
      port,
      ...(caBundle === undefined ? {} : { caBundle }),
      reset: async () => {
        const response = await probeHttp(`${endpoint}/moto-api/reset`, { method: 'POST', ca });
        if (response.status !== 200) {
          throw new Error(
            `moto reset (POST ${endpoint}/moto-api/reset) answered HTTP ${response.status}: ${response.body}`,
          );
        }
      },
      stop,
      dir,
      logTail: (lines) => server.logTail(lines),
      stoppedPids: () => server.stoppedPids(),
    };
  } catch (error) {
    removeServiceDir(dir);
    throw error;
  }
}
