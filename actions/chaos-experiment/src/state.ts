/**
 * What main hands the post step (saveState), written as soon as each thing exists: where FIS is, the template and
 * the clientToken before StartExperiment is sent (so post can find an experiment whose start answer never came),
 * the experiment id once known, and `finished` once main saw it end.
 */
import type { SavedChaosState } from './core/cleanup-plan.js';

export const STATE_KEY = 'chaos-experiment';

export interface SavedState extends SavedChaosState {
  region: string;
  fisEndpoint?: string;
  templateId?: string;
  /** StartExperiment's clientToken, also the experiment's `github:client-token` tag. */
  clientToken?: string;
  /** The experiment's status when main saw it end. */
  status?: string;
  /** A skip-all rehearsal in flight: its clientToken before StartExperiment, its id once known; cleared at its end. */
  rehearsalClientToken?: string;
  rehearsalId?: string;
}

/** The tag that carries the clientToken, so post can find the experiment by it. */
export const CLIENT_TOKEN_TAG = 'github:client-token';
