import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@aws-delivery/action-kit';

/**
 * Build secrets as files the builder reads by path: values from the `secrets` input and from the variables
 * `secret-envs` names are written 0600 into the private folder; `secret-files` are the user's own paths. When
 * anything fails part-way (a variable not set, a full disk), the files already written are removed before it throws.
 */
export function writeSecretFiles(
  dir: string,
  values: Readonly<Record<string, string>>,
  envs: Readonly<Record<string, string>>,
  files: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  mask: (secret: string) => void,
): { secrets: { id: string; path: string }[]; remove(): void } {
  const written: string[] = [];
  const secrets: { id: string; path: string }[] = [];
  const remove = () => written.forEach((path) => rmSync(path, { force: true }));
  const write = (id: string, value: string) => {
    const path = join(dir, `${randomBytes(8).toString('hex')}`);
    written.push(path); // before writing: a write that fails part-way leaves a file too
    writeFileSync(path, value, { mode: 0o600 });
    secrets.push({ id, path });
  };
  try {
    for (const [id, value] of Object.entries(values)) write(id, value);
    for (const [id, name] of Object.entries(envs)) {
      const value = env[name];
      if (value === undefined) {
        throw new ConfigurationError(
          `Input "secret-envs" maps the secret "${id}" to the variable ${name}, which is not set. Fix: set ${name} in the step's env: (from a secret).`,
          'secret-envs',
        );
      }
      mask(value);
      write(id, value);
    }
  } catch (error) {
    remove();
    throw error;
  }
  for (const [id, path] of Object.entries(files)) secrets.push({ id, path });
  return { secrets, remove };
}
