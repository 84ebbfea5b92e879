export const STATE_KEY = 'docker-build-push';

/** What main leaves for the post step: the private Docker config folder to remove. */
export interface SavedState {
  dir: string;
  /** keep-login: the folder was exported as DOCKER_CONFIG (its config.json as REGISTRY_AUTH_FILE) for later steps. */
  exported: boolean;
}
