/**
 * The build's own paths checked before the builder starts: the context is a folder, the Dockerfile and each secret
 * file are files. What is wrong is a ConfigurationError naming the input, not the builder's own message.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, pathError } from '@aws-delivery/action-kit';
import type { BuildSettings } from '../config.js';

/** A context docker reads from elsewhere (a Git or tarball URL, or stdin), passed to it as given. */
export function isRemoteContext(context: string): boolean {
  return context === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');
}

function check(input: string, path: string, kind: 'file' | 'folder', fix: string): void {
  let folder: boolean;
  try {
    folder = statSync(path).isDirectory();
  } catch (error) {
    throw pathError(input, path, error, fix);
  }
  if (folder !== (kind === 'folder')) {
    throw new ConfigurationError(
      `${input} ${JSON.stringify(path)} is a ${folder ? 'folder' : 'file'}, not a ${kind}. ${fix}`,
      input,
    );
  }
}

export function checkBuildPaths(settings: BuildSettings): void {
  if (isRemoteContext(settings.context)) return;
  check('context', settings.context, 'folder', 'Fix: set context to the build context folder, in the workspace.');
  if (settings.file) check('file', settings.file, 'file', 'Fix: set file to the Dockerfile, in the workspace.');
  else
    check(
      'file',
      join(settings.context, 'Dockerfile'),
      'file',
      'Fix: add a Dockerfile to the context, or set file to the Dockerfile.',
    );
  for (const path of Object.values(settings.secretFiles)) {
    check(
      'secret-files',
      path,
      'file',
      'Fix: give the path of a file the secret is in, in the workspace or RUNNER_TEMP.',
    );
  }
}
