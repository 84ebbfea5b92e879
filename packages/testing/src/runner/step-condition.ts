/**
 * `pre-if` / `post-if` of action.yml. The runner evaluates a full expression; the simulator knows the status
 * functions, which is what those conditions use, and refuses anything else rather than guessing.
 */
export type JobStatus = 'success' | 'failure';

/** Whether a pre or post stage runs; no condition means `always()`, the runner's default for both. */
export function stageRuns(condition: string | undefined, status: JobStatus): boolean {
  const text = (condition ?? 'always()')
    .trim()
    .replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1')
    .replace(/\s+/g, '');
  switch (text) {
    case 'always()':
    case '!cancelled()':
    case '':
      return true;
    case 'success()':
      return status === 'success';
    case 'failure()':
      return status === 'failure';
    case 'cancelled()':
      return false;
    default:
      throw new Error(
        `simulateStep cannot evaluate the condition ${JSON.stringify(condition)}; it knows always(), success(), ` +
          'failure(), cancelled() and !cancelled().',
      );
  }
}
