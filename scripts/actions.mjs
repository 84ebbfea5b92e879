// The list of actions and their bundle entry points, shared by build, check-dist, demo and bench.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

/** Every action folder under actions/ with the entry points (main, post) that exist in its src/. */
export function actionEntries() {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
    .flatMap((d) =>
      ['main', 'post']
        .map((entry) => ({ action: d.name, entry, source: join(root, 'actions', d.name, 'src', `${entry}.ts`) }))
        .filter((e) => existsSync(e.source)),
    );
}
