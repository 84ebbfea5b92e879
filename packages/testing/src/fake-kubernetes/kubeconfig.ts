/** A kubeconfig for the real kubectl: the fake's URL, its CA file, and a static bearer token. Written 0600. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  path: string;
  server: string;
  caCertPath: string;
  token: string;
  namespace?: string;
}

export function writeKubeconfig(input: KubeconfigInput): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: input.server, 'certificate-authority': input.caCertPath } }],
    contexts: [
      { name: 'fake', context: { cluster: 'fake', user: 'fake-admin', namespace: input.namespace ?? 'default' } },
    ],
    'current-context': 'fake',
    users: [{ name: 'fake-admin', user: { token: input.token } }],
    preferences: {},
  };
  writeFileSync(input.path, stringify(config), { mode: 0o600 });
}
