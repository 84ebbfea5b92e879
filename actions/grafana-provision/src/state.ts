/** What main hands the post step (no secret: the post step signs in again from its inputs). */
export const TOKEN_STATE = 'grafana-token';
export const ANNOTATION_STATE = 'grafana-annotation';

export interface TokenState {
  serviceAccountId: number;
  tokenId: number;
  keep: boolean;
  /** Who deletes it: Grafana's API (basic auth) or Amazon Managed Grafana's control plane. */
  via: 'grafana' | 'amg';
}

export interface AnnotationState {
  id: number;
}
