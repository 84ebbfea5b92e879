/**
 * The post step: closes the deploy annotation main opened (timeEnd now) and deletes the token main created, unless
 * keep-token was set. It signs in again from its inputs (nothing secret is kept in the state), never creating a token.
 */
import { readInputs, type PostStep } from '@aws-delivery/action-kit';
import { signIn } from './auth/sign-in.js';
import { deleteServiceAccountToken } from './auth/service-account-token.js';
import { realClients } from './clients.js';
import { buildConfig } from './config.js';
import { inputSpec } from './inputs.js';
import { ANNOTATION_STATE, TOKEN_STATE, type AnnotationState, type TokenState } from './state.js';

export async function cleanup(step: PostStep): Promise<void> {
  const annotation = step.loadState<AnnotationState>(ANNOTATION_STATE);
  const token = step.loadState<TokenState>(TOKEN_STATE);
  if (!annotation && (!token || token.keep)) {
    if (token?.keep) step.log.info(`post: keeping token ${token.tokenId} (keep-token is set).`);
    return;
  }
  const config = buildConfig(readInputs(inputSpec, step.input, step.mask), step.env);
  const clients = realClients(config, step);
  try {
    const { client } = await signIn(step, config.url, config.auth, clients, step.signal, {
      createToken: false,
      env: step.env,
    });
    if (annotation) {
      await client.request('PATCH', `/api/annotations/${annotation.id}`, { timeEnd: clients.now().getTime() });
      step.log.info(`post: deploy annotation ${annotation.id} ends now.`);
    }
    if (token && !token.keep) {
      await deleteServiceAccountToken(client, token);
      step.log.info(`post: deleted the service account token ${token.tokenId} made by main.`);
    } else if (token) step.log.info(`post: keeping token ${token.tokenId} (keep-token is set).`);
  } finally {
    clients.close();
  }
}
