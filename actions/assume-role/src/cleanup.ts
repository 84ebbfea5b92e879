import { rmSync } from 'node:fs';
import type { PostStep } from '@aws-delivery/action-kit';
import { STATE_KEY, type SavedState } from './state.js';

/** The post step: removes every file main wrote and blanks every variable it exported, unless cleanup is off. */
export async function cleanup(step: PostStep): Promise<void> {
  const { log } = step;
  const state = step.loadState<SavedState>(STATE_KEY);
  if (!state) {
    log.info('Nothing to clean up: the main step wrote nothing.');
    return;
  }
  if (!state.cleanup) {
    log.info(`cleanup is false: leaving ${state.dir ?? 'no files'} and ${state.env.join(', ')} in place.`);
    return;
  }
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  for (const name of state.env) step.exportVariable(name, '');
  log.info(`Removed ${state.dir ?? 'no files'}; blanked ${state.env.join(', ') || 'no variables'}.`);
}
