// Every action declares its inputs once (src/inputs.ts `inputSpec`) and action.yml agrees with it both ways;
// no source file reads an input around the spec.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { checkActionInputs, repoRoot } from '@aws-delivery/testing';

// An action is a folder with an action.yml (as for the build); one still being built has none yet.
const actions = readdirSync(join(repoRoot, 'actions')).filter(
  (name) =>
    statSync(join(repoRoot, 'actions', name)).isDirectory() &&
    existsSync(join(repoRoot, 'actions', name, 'action.yml')),
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe.each(actions)('actions/%s', (action) => {
  it('declares its inputs in src/inputs.ts, matching action.yml both ways', async () => {
    const module = (await import(join(repoRoot, 'actions', action, 'src/inputs.ts'))) as { inputSpec?: object };
    expect(module.inputSpec).toBeDefined();
    expect(() => checkActionInputs(`actions/${action}`, module.inputSpec as never)).not.toThrow();
  });

  it('reads no input around the spec (INPUT_* or inputFromRunner with a name the spec lacks)', async () => {
    const module = (await import(join(repoRoot, 'actions', action, 'src/inputs.ts'))) as { inputSpec: object };
    const declared = new Set(Object.keys(module.inputSpec));
    const strays: string[] = [];
    for (const file of sources(join(repoRoot, 'actions', action, 'src'))) {
      const text = readFileSync(file, 'utf8');
      if (/process\.env\[?['"`.]?INPUT_/.test(text)) strays.push(`${file}: reads INPUT_* directly`);
      for (const match of text.matchAll(/inputFromRunner\(\s*['"]([^'"]+)['"]/g)) {
        if (!declared.has(match[1] ?? '')) strays.push(`${file}: reads undeclared input "${match[1]}"`);
      }
    }
    expect(strays).toEqual([]);
  });
});
