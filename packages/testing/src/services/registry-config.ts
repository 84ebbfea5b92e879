import { join } from 'node:path';
import { stringify } from 'yaml';

export interface RegistryConfigInput {
  port: number;
  /** Folder for storage and the htpasswd file. */
  dir: string;
  htpasswdPath: string;
  /** Secret the registry signs upload state with (random per instance). */
  httpSecret: string;
}

/** config.yml for a Distribution registry on 127.0.0.1 with htpasswd auth over plain HTTP and storage in `dir`. */
export function registryConfig(input: RegistryConfigInput): string {
  return stringify({
    version: '0.1',
    log: { level: 'info', accesslog: { disabled: false } },
    storage: {
      filesystem: { rootdirectory: join(input.dir, 'storage') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: {
      addr: `127.0.0.1:${input.port}`,
      secret: input.httpSecret,
      headers: { 'X-Content-Type-Options': ['nosniff'] },
    },
    auth: { htpasswd: { realm: 'aws-delivery-test-registry', path: input.htpasswdPath } },
  });
}
