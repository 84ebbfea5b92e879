import { existsSync, readFileSync } from 'node:fs';

/** True while a process with this pid exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** What a stopped service left behind: live processes among those stop() ended, and whether its folder remains. */
export function leftovers(service: { stoppedPids(): number[]; dir: string }): { pids: number[]; dirExists: boolean } {
  return { pids: service.stoppedPids().filter(alive), dirExists: existsSync(service.dir) };
}
