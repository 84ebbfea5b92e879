// The entry `@aws-delivery/aws/signing`: SigV4 for the clients that sign their own requests (S3 uploads, FIS,
// Amazon Managed Grafana), with no transport behind it.
export { signRequest } from './sigv4.js';
export type { SigningCredentials } from './sigv4.js';
