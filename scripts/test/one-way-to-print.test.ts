import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { root } from './action-rules.js';

// One way to print: product code reaches the runner's log only through action-kit's Step (step.log), whose
// protocol module neutralises workflow commands in untrusted text. A direct write to stdout or stderr, a console
// call, or a child process whose output is inherited would go round it, so any of them in product code fails here.
// The needles are built from parts so that this file does not match itself.
const WRITES = [
  new RegExp(['con', 'sole\\.[a-z]+\\('].join('')),
  new RegExp(['process\\.std', '(out|err)\\.write'].join('')),
  new RegExp(['std', 'io:\\s*[\'"]inherit'].join('')),
  new RegExp(['[\'"]inh', 'erit[\'"]'].join('')),
  // Descriptors 1 and 2 written directly, as the protocol module itself writes stdout.
  new RegExp(['write', 'Sync\\(\\s*[12]\\s*,'].join('')),
];

/** The one module allowed to write the runner protocol. */
const PROTOCOL = 'packages/action-kit/src/protocol.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Product code: every action's src/ and every package's src/ except the test-only packages/testing. */
function productFiles(): string[] {
  const actions = readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(root, 'actions', e.name, 'src'));
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'testing')
    .map((e) => join(root, 'packages', e.name, 'src'));
  return [...actions, ...packages]
    .flatMap((dir) => {
      try {
        return sourceFiles(dir);
      } catch {
        return [];
      }
    })
    .map((path) => relative(root, path));
}

/** `file:line: text` for every line that prints some other way. */
function directWrites(path: string, text: string): string[] {
  return text.split('\n').flatMap((line, index) => {
    const code = line.replace(/\/\/.*$/, '');
    return WRITES.some((pattern) => pattern.test(code)) ? [`${path}:${index + 1}: ${line.trim()}`] : [];
  });
}

describe('one way to print', () => {
  it('finds each kind of direct write, and ignores comments and the Step', () => {
    const sample = [
      'step.log.info(text);',
      ['con', 'sole.log(text);'].join(''),
      ['process.std', 'err.write(text);'].join(''),
      `spawn(tool, args, { std${'io'}: 'inh${'erit'}' });`,
      `spawn(tool, args, { stdio: ['ignore', 'inh${'erit'}', 'pipe'] });`,
      `// ${['con', 'sole.log'].join('')}(text) is what this replaced`,
      `fs.write${'Sync'}(1, bytes);`,
      `write${'Sync'}(fd, text);`,
    ].join('\n');
    expect(directWrites('x.ts', sample).map((hit) => hit.split(':')[1])).toEqual(['2', '3', '4', '5', '7']);
  });

  it('covers every action and package source, action-kit protocol among them', () => {
    const files = productFiles();
    expect(files).toContain(PROTOCOL);
    expect(files.some((path) => path.startsWith('actions/assume-role/src/'))).toBe(true);
    expect(files.some((path) => path.startsWith('packages/testing/'))).toBe(false);
  });

  it('has no product code that writes to stdout or stderr other than through action-kit', () => {
    const hits = productFiles()
      .filter((path) => path !== PROTOCOL)
      .flatMap((path) => directWrites(path, readFileSync(join(root, path), 'utf8')));
    expect(hits).toEqual([]);
  });
});
