/** What main leaves for the post step. */
export const STATE_KEY = 'assume-role';

export interface SavedState {
  /** The job-private folder holding the profile files and the token file. */
  dir?: string;
  /** Every variable main exported. */
  env: string[];
  cleanup: boolean;
}
