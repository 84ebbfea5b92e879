import type { ManagedProcess } from './managed-process.js';
import { makeServiceDir, removeServiceDir, type ServiceDirOptions } from './service-dir.js';
import { waitUntilReady, type ReadinessOptions } from './wait-until-ready.js';

/** What every local service started here offers, beside what is its own. */
export interface ServiceHandle {
  /** Stops the service, waits for its processes to exit, then unmounts what it left mounted and removes its folder. */
  stop(): Promise<void>;
  /** The instance's private temp folder (config, data, logs); removed by stop(). */
  dir: string;
  /** The end of the service's log. */
  logTail(lines?: number): string;
  /** Pids that stop() ended (the server and its children), for leak checks. */
  stoppedPids(): number[];
}

/** Runs `start` with a new private folder for a service of `kind`; the folder goes if starting fails. */
export async function withServiceDir<T>(
  kind: string,
  options: ServiceDirOptions,
  start: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = makeServiceDir(kind, options);
  try {
    return await start(dir);
  } catch (error) {
    removeServiceDir(dir);
    throw error;
  }
}

/**
 * Waits until a launched server is ready and returns its handle. A server that never gets ready is stopped (and its
 * folder removed) before the error is thrown.
 */
export async function readyService(
  dir: string,
  server: ManagedProcess,
  readiness: Omit<ReadinessOptions, 'process'>,
  stopOptions?: { graceMs?: number },
): Promise<ServiceHandle> {
  const stop = async (): Promise<void> => {
    await server.stop(stopOptions);
    removeServiceDir(dir);
  };
  try {
    await waitUntilReady({ ...readiness, process: server });
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop, dir, logTail: (lines) => server.logTail(lines), stoppedPids: () => server.stoppedPids() };
}
