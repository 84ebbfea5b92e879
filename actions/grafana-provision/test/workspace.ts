/** A workspace on disk holding a resources folder, as actions/checkout would leave it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SourceFile } from '../src/load-resources.js';

export interface Workspace {
  dir: string;
  /** Replaces the resources folder's files. */
  write(files: readonly SourceFile[]): void;
  remove(): void;
}

export function workspace(files: readonly SourceFile[], resourcesDir = 'grafana'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'grafana-provision-'));
  const write = (next: readonly SourceFile[]) => {
    rmSync(join(dir, resourcesDir), { recursive: true, force: true });
    for (const file of next) {
      const path = join(dir, resourcesDir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
  };
  write(files);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
