import type { signRequest } from '@aws-delivery/aws/signing';

/** The key pair (and session token) a fake checks signatures with: what the signer signs with. */
export type SigningCredentials = Parameters<typeof signRequest>[0]['credentials'];
