import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { onExitCleanup } from './exit-cleanup.js';
import { descendantPids, isAlive, signal } from './process-tree.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A long-running service process whose output goes to a log file and which stops with its whole process tree. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  /** Set once the process has exited. */
  exitStatus(): ProcessExit | undefined;
  /** The last lines of the process's log, for error messages. */
  logTail(lines?: number): string;
  /** Pids of the process and its descendants that were alive when stop() began (for leak checks in tests). */
  stoppedPids(): number[];
  /** SIGTERM, wait up to graceMs, then SIGKILL; finally SIGKILL any descendant still alive. Idempotent. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface LaunchOptions {
  name: string;
  command: string;
  args: string[];
  logPath: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Logs the service writes itself (Squid's cache.log), quoted after the output in logTail(). */
  extraLogPaths?: string[];
}

function readTail(path: string, lines: number): string {
  try {
    const text = readFileSync(path, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(nothing written)';
  }
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
}

/**
 * Starts `command` in its own process group (so terminal signals aimed at the test runner do not hit it), with
 * stdin closed and stdout and stderr appended to `logPath`. Arguments are passed as an array, never through a shell.
 */
export function launchProcess(options: LaunchOptions): ManagedProcess {
  const logFd = openSync(options.logPath, 'a', 0o600);
  let child;
  try {
    child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', logFd, logFd],
      detached: true,
    });
  } finally {
    closeSync(logFd);
  }
  let status: ProcessExit | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', (error) => {
      // ENOENT or EACCES: the process never ran.
      spawnError = error;
      status ??= { code: null, signal: null };
      resolve(status);
    });
    child.once('exit', (code, exitSignal) => {
      status = { code, signal: exitSignal };
      resolve(status);
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) {
    const forget = onExitCleanup('kill-processes', () => {
      for (const descendant of descendantPids(pid)) signal(descendant, 'SIGKILL');
      signal(-pid, 'SIGKILL');
    });
    void exited.then(forget);
  }

  let tracked: number[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (stopOptions: { graceMs?: number } = {}): Promise<void> => {
    stopping ??= (async () => {
      if (pid < 0) return;
      if (status !== undefined) {
        signal(-pid, 'SIGKILL'); // whatever is left of its process group
        return;
      }
      tracked = [pid, ...descendantPids(pid)];
      signal(pid, 'SIGTERM');
      if ((await Promise.race([exited, delay(stopOptions.graceMs ?? 10_000)])) === 'timeout') {
        signal(-pid, 'SIGKILL');
        signal(pid, 'SIGKILL');
        await exited;
      }
      // Helpers that ignored their parent's exit (or moved to their own process group) are killed outright.
      for (const leftover of tracked) if (leftover !== pid && isAlive(leftover)) signal(leftover, 'SIGKILL');
      signal(-pid, 'SIGKILL');
      const deadline = Date.now() + 5_000;
      while (tracked.some(isAlive) && Date.now() < deadline) await delay(20);
    })();
    return stopping;
  };

  return {
    name: options.name,
    pid,
    logPath: options.logPath,
    exited,
    exitStatus: () => status,
    logTail: (lines = 40) => {
      if (spawnError) return `${options.command} could not be started: ${spawnError.message}`;
      const extra = (options.extraLogPaths ?? []).map((path) => `--- ${path}:\n${readTail(path, lines)}`);
      return [readTail(options.logPath, lines), ...extra].join('\n');
    },
    stoppedPids: () => [...tracked],
    stop,
  };
}
