import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Every executable file called `name` in the PATH folders, in PATH order, without duplicates. */
export function findOnPath(name: string, path: string | undefined): string[] {
  const dirs = [...new Set((path ?? '').split(delimiter).filter(Boolean))];
  return dirs
    .map((dir) => join(dir, name))
    .filter((file) => {
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
}
