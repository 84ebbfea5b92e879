/**
 * Last-resort cleanup when the test process exits without stopping its services (a crashed or aborted test file):
 * first every process is killed, then every folder is removed, so no daemon writes into a folder being deleted.
 */
type Stage = 'kill-processes' | 'remove-folders';

const tasks: Record<Stage, Set<() => void>> = { 'kill-processes': new Set(), 'remove-folders': new Set() };
let installed = false;

function runAll(): void {
  for (const stage of ['kill-processes', 'remove-folders'] as const) {
    for (const task of tasks[stage]) {
      try {
        task();
      } catch {
        // best effort while the process is exiting
      }
    }
  }
}

/** Registers a synchronous cleanup step; call the returned function once the resource is cleaned up normally. */
export function onExitCleanup(stage: Stage, task: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
  }
  tasks[stage].add(task);
  return () => tasks[stage].delete(task);
}
