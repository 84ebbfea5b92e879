import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway action folder: action.yml plus plain ES module scripts, for tests of the simulator itself. */
export interface FixtureAction {
  dir: string;
  remove(): void;
}

export function fixtureAction(files: Record<string, string>): FixtureAction {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-action-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A node24 action.yml with the given inputs block and entry points. */
export function actionYml(options: { inputs?: string; post?: boolean; postIf?: string; using?: string } = {}): string {
  return [
    'name: fixture',
    'description: a test fixture',
    ...(options.inputs ? ['inputs:', options.inputs] : []),
    'runs:',
    `  using: ${options.using ?? 'node24'}`,
    '  main: main.mjs',
    ...(options.post ? ['  post: post.mjs'] : []),
    ...(options.postIf ? [`  post-if: ${options.postIf}`] : []),
    '',
  ].join('\n');
}
