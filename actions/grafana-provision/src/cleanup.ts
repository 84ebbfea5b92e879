/**
 * The post step: closes the deploy annotation main opened (timeEnd now) and deletes the token main created, unless
 * keep-token was set. It signs in again from its inputs (nothing secret is kept in the state) and never leaves a
 * token behind: with Amazon Managed Grafana the short-lived token it needs for the annotation is deleted at once.
 */
import type { PostStep } from '@aws-delivery/action-kit';
import { ANNOTATION_STATE, TOKEN_STATE, type AnnotationState, type TokenState } from './state.js';

export async function cleanup(step: PostStep): Promise<void> {
  const annotation = step.loadState<AnnotationState>(ANNOTATION_STATE);
  const token = step.loadState<TokenState>(TOKEN_STATE);
  if (token?.keep) step.log.info(`post: keeping token ${token.tokenId} (keep-token is set).`);
  if (!annotation && (!token || token.keep)) return;
  await (await import('./post-work.js')).closeUp(step, annotation, token);
}
