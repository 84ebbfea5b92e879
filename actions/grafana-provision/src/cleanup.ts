/**
 * The post step: closes the deploy annotation main opened (timeEnd now) and deletes the token main created, unless
 * keep-token was set. It signs in again from its inputs (nothing secret is kept in the state) and never leaves a
 * token behind: with Amazon Managed Grafana the short-lived token it needs for the annotation is deleted at once.
 */
import { readInputs, type PostStep } from '@aws-delivery/action-kit';
import { endAnnotation } from './annotation.js';
import { deleteAmgToken } from './auth/amg.js';
import { deleteServiceAccountToken } from './auth/service-account-token.js';
import { signIn, type SignedIn } from './auth/sign-in.js';
import { realClients, type Clients } from './clients.js';
import { buildConfig, type Config } from './config.js';
import { inputSpec } from './inputs.js';
import { ANNOTATION_STATE, TOKEN_STATE, type AnnotationState, type TokenState } from './state.js';

async function deleteToken(
  step: PostStep,
  config: Config,
  clients: Clients,
  token: Pick<TokenState, 'serviceAccountId' | 'tokenId' | 'via'>,
  session: () => Promise<SignedIn>,
): Promise<void> {
  if (token.via === 'amg' && config.auth.kind === 'amg')
    await deleteAmgToken(
      clients.awsHttp(),
      config.auth.workspace,
      await clients.awsCredentials(),
      token.tokenId,
      step.signal,
    );
  else await deleteServiceAccountToken((await session()).client, token);
}

export async function cleanup(step: PostStep): Promise<void> {
  const annotation = step.loadState<AnnotationState>(ANNOTATION_STATE);
  const token = step.loadState<TokenState>(TOKEN_STATE);
  if (token?.keep) step.log.info(`post: keeping token ${token.tokenId} (keep-token is set).`);
  if (!annotation && (!token || token.keep)) return;
  const config = buildConfig(readInputs(inputSpec, step.input, step.mask), step.env);
  const clients = realClients(config, step);
  let signedIn: Promise<SignedIn> | undefined;
  const session = () =>
    (signedIn ??= signIn(step, config.url, config.auth, clients, step.signal, { createToken: false, env: step.env }));
  try {
    if (annotation) {
      const { client, created } = await session();
      await endAnnotation(client, annotation.id, clients.now());
      step.log.info(`post: deploy annotation ${annotation.id} ends now.`);
      if (created) await deleteToken(step, config, clients, created, session);
    }
    if (token && !token.keep) {
      await deleteToken(step, config, clients, token, session);
      step.log.info(`post: deleted the service account token ${token.tokenId} made by main.`);
    }
  } finally {
    clients.close();
  }
}
