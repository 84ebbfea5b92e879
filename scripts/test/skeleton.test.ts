// Every action is built on the one skeleton (docs/adding-an-action.md), and only action-kit talks to the runner.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const actions = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
  .map((d) => d.name);
const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length));
}

describe('the one skeleton', () => {
  it('covers every action', () => {
    expect(actions).toEqual(expect.arrayContaining(['assume-role', 'docker-build-push', 'eks-deploy', 'tfsec-gate']));
  });

  it.each(actions)('%s: main.ts is a few lines that call runMain with the action defined in action.ts', (action) => {
    const main = read('actions', action, 'src', 'main.ts');
    expect(main.trimEnd().split('\n').length).toBeLessThan(15);
    expect(main).toMatch(/^void runMain\(\w+\);$/m);
    expect(read('actions', action, 'src', 'action.ts')).toMatch(/= defineAction\(\{/);
  });

  it.each(actions)('%s: a post step exactly when action.yml declares one, through runPost', (action) => {
    const declared = Boolean((parse(read('actions', action, 'action.yml')) as { runs: { post?: string } }).runs.post);
    const path = join(root, 'actions', action, 'src', 'post.ts');
    expect(existsSync(path)).toBe(declared);
    if (declared) expect(readFileSync(path, 'utf8')).toMatch(/^void runPost\('[a-z-]+', \w+\);$/m);
  });

  it('leaves stdout and stderr to action-kit: no product module writes to them or to the console', () => {
    const product = [
      ...actions.map((a) => `actions/${a}/src`),
      'packages/aws/src',
      'packages/k8s/src',
      'packages/findings/src',
      'packages/action-kit/src',
    ];
    const offenders = product
      .flatMap(sourceFiles)
      .filter((file) => file !== 'packages/action-kit/src/protocol.ts')
      .filter((file) => /process\.(stdout|stderr)|console\.\w+\(/.test(read(file)));
    expect(offenders).toEqual([]);
  });
});
