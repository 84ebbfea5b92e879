import { existsSync, rmSync } from 'node:fs';
import type { PostStep } from '@aws-delivery/action-kit';
import { STATE_KEY, type SavedState } from './state.js';

/** The post step: removes the job-private Docker config (with any login left in it). */
export async function cleanup(step: PostStep): Promise<void> {
  const { log } = step;
  const state = step.loadState<SavedState>(STATE_KEY);
  if (!state) {
    log.info('Nothing to clean up: the main step created no Docker config.');
    return;
  }
  const existed = existsSync(state.dir);
  rmSync(state.dir, { recursive: true, force: true });
  if (state.exported) {
    step.exportVariable('DOCKER_CONFIG', '');
    step.exportVariable('REGISTRY_AUTH_FILE', '');
  }
  log.info(
    existed
      ? `Removed the job-private Docker config ${state.dir}.`
      : `The job-private Docker config ${state.dir} was already removed.`,
  );
}
