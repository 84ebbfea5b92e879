export const STATE_KEY = 'docker-build-push';

/** What main leaves for the post step: the private Docker config folder to remove. */
export interface SavedState {
  dir: string;
  /** keep-login: the folder was exported as DOCKER_CONFIG for later steps. */
  exported: boolean;
}
