import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Written to the process's stdin, then stdin is closed (a password for --password-stdin). */
  stdin?: string;
  /** Each output line as it arrives (the build log). */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  cwd?: string;
}

/** A command's executable, arguments and extra environment. Runs without a shell: arguments are never parsed. */
export type RunCommand = (path: string, args: readonly string[], options: RunOptions) => Promise<CommandResult>;

function lineSplitter(onLine: ((line: string) => void) | undefined): { push(chunk: string): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      if (!onLine) return;
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    end() {
      if (onLine && pending) onLine(pending);
      pending = '';
    },
  };
}

export const runCommand: RunCommand = (path, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(path, [...args], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const out: string[] = [];
    const err: string[] = [];
    const lines = lineSplitter(options.onLine);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out.push(chunk);
      lines.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err.push(chunk);
      lines.push(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      lines.end();
      resolve({ code, stdout: out.join(''), stderr: err.join('') });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
