import { rmSync } from 'node:fs';
import { exportVariable, loadState, log } from '@aws-delivery/action-kit';
import { STATE_KEY, type SavedState } from './state.js';

/** The post step: removes every file main wrote and blanks every variable it exported, unless cleanup is off. */
export async function cleanup(load: (key: string) => SavedState | undefined = loadState): Promise<void> {
  const state = load(STATE_KEY);
  if (!state) {
    log.info('Nothing to clean up: the main step wrote nothing.');
    return;
  }
  if (!state.cleanup) {
    log.info(`cleanup is false: leaving ${state.dir ?? 'no files'} and ${state.env.join(', ')} in place.`);
    return;
  }
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  for (const name of state.env) exportVariable(name, '');
  log.info(`Removed ${state.dir ?? 'no files'}; blanked ${state.env.join(', ') || 'no variables'}.`);
}
