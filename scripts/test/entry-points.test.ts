import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@aws-delivery/testing';
import { entryExports, importedNames, productFiles } from './entry-points.js';

// A package entry exports what product code uses, each name written out; tests import the rest by path. An export
// nothing in product code imports is a test's convenience or a leftover: either way it widens the package.
const ENTRIES = [
  { pkg: 'aws', specifier: '@aws-delivery/aws', entry: 'packages/aws/src/index.ts' },
  { pkg: 'aws', specifier: '@aws-delivery/aws/names', entry: 'packages/aws/src/names/index.ts' },
  { pkg: 'aws', specifier: '@aws-delivery/aws/signing', entry: 'packages/aws/src/signing/index.ts' },
  { pkg: 'k8s', specifier: '@aws-delivery/k8s', entry: 'packages/k8s/src/index.ts' },
];

describe.each(ENTRIES)('the entry $specifier', ({ pkg, specifier, entry }) => {
  const { names, exportsStar } = entryExports(readFileSync(join(repoRoot, entry), 'utf8'));
  const used = new Set(
    productFiles(repoRoot, pkg).flatMap((file) => importedNames(readFileSync(file, 'utf8'), specifier)),
  );

  it('names every export (no export *)', () => {
    expect(exportsStar).toBe(false);
    expect(names.length).toBeGreaterThan(0);
  });

  it('exports only what product code imports', () => {
    expect(names.filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('entryExports', () => {
  it('lists named exports and notices export *', () => {
    expect(entryExports("export { a, b as c } from './x.js';\nexport type { T } from './t.js';")).toEqual({
      names: ['a', 'c', 'T'],
      exportsStar: false,
    });
    expect(entryExports("export * from './x.js';").exportsStar).toBe(true);
    expect(entryExports("export * as ns from './x.js';").exportsStar).toBe(true);
  });
});

describe('importedNames', () => {
  it('reads static imports, re-exports and the ways product code destructures import()', () => {
    const source = [
      "import { a, b as local, type T } from 'pkg';",
      "import type { U } from 'pkg';",
      "import { other } from 'elsewhere';",
      "export { e } from 'pkg';",
      "const { d1, d2: renamed } = await import('pkg');",
      "const [{ p1 }, { q }] = await Promise.all([import('pkg'), import('elsewhere')]);",
      "const [{ z }, { p2 }] = await Promise.all([import('elsewhere'), import('pkg')]);",
      "const x = (await import('pkg')).member;",
    ].join('\n');
    expect(importedNames(source, 'pkg').sort()).toEqual(
      ['a', 'b', 'T', 'U', 'e', 'd1', 'd2', 'p1', 'p2', 'member'].sort(),
    );
    expect(importedNames(source, 'pkg/sub')).toEqual([]);
  });
});
