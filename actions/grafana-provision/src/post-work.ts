// The post step's work, in a module of its own: cleanup.ts imports it (with the sign-in, the SDK signer and the
// transport) only when main left an annotation to close or a token to delete.
import { readInputs, type PostStep } from '@aws-delivery/action-kit';
import { endAnnotation } from './annotation.js';
import { deleteAmgToken } from './auth/amg.js';
import { deleteServiceAccountToken } from './auth/service-account-token.js';
import { signIn, type SignedIn } from './auth/sign-in.js';
import { realClients, type Clients } from './clients.js';
import { buildConfig, type Config } from './config.js';
import { inputSpec } from './inputs.js';
import type { AnnotationState, TokenState } from './state.js';

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

/** Signs in again from the inputs, ends the annotation and deletes the tokens main left. */
export async function closeUp(
  step: PostStep,
  annotation: AnnotationState | undefined,
  token: TokenState | undefined,
): Promise<void> {
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
