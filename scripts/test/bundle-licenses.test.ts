import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  bundledModuleFiles,
  bundledPackages,
  describePackage,
  listedPackages,
  packageDirOf,
  renderLicenses,
} from '../licenses.mjs';
import { root } from './action-rules.js';

describe('packageDirOf', () => {
  it.each([
    ['/r/node_modules/yaml/dist/index.js', '/r/node_modules/yaml'],
    ['/r/node_modules/@aws-sdk/core/dist-cjs/index.js', '/r/node_modules/@aws-sdk/core'],
    ['/r/node_modules/a/node_modules/@s/b/index.js', '/r/node_modules/a/node_modules/@s/b'],
    ['/r/packages/aws/src/sts.ts', undefined],
    ['/r/node_modules/@scope', undefined],
  ])('%s is in %s', (file, dir) => {
    expect(packageDirOf(file)).toBe(dir);
  });
});

describe('bundledModuleFiles and bundledPackages (webpack stats as ncc --stats-out writes them)', () => {
  const stats = {
    modules: [
      {
        nameForCondition: '/r/actions/x/src/main.ts',
        chunks: [0],
        modules: [
          { nameForCondition: '/r/actions/x/src/main.ts' },
          { nameForCondition: '/r/node_modules/yaml/dist/index.js' },
          { nameForCondition: '/r/node_modules/@aws-sdk/core/dist-es/index.js' },
        ],
      },
      { nameForCondition: '/r/node_modules/yaml/dist/index.js', chunks: [], orphan: true },
      { nameForCondition: '/r/node_modules/left-out/index.js', chunks: [] },
      { nameForCondition: '/r/node_modules/debug/src/node.js', chunks: [1] },
      { nameForCondition: '/r/node_modules/debug/src/common.js', chunks: [1] },
      { identifier: 'external node-commonjs "node:fs"', chunks: [0] },
    ],
  };

  it('keeps the files of modules in a chunk and of the modules concatenated into them', () => {
    expect(bundledModuleFiles(stats)).toEqual([
      '/r/actions/x/src/main.ts',
      '/r/node_modules/@aws-sdk/core/dist-es/index.js',
      '/r/node_modules/debug/src/common.js',
      '/r/node_modules/debug/src/node.js',
      '/r/node_modules/yaml/dist/index.js',
    ]);
  });

  it('names each package once, leaves out our own code and tree-shaken packages', () => {
    expect(bundledPackages(stats)).toEqual([
      '/r/node_modules/@aws-sdk/core',
      '/r/node_modules/debug',
      '/r/node_modules/yaml',
    ]);
  });
});

describe('describePackage and renderLicenses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'licenses-test-'));
    const pkg = (name: string, manifest: object, files: Record<string, string>) => {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'package.json'), JSON.stringify(manifest));
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
    };
    pkg(
      'a',
      { name: 'a', version: '1.0.0', license: { type: 'MIT' }, author: { name: 'Ann' } },
      {
        'LICENSE.md': 'MIT text\n\n',
        NOTICE: 'a notice',
        'index.js': '',
      },
    );
    mkdirSync(join(dir, 'a', 'license')); // a folder named like a licence file is not one
    pkg(
      'b',
      { name: '@s/b', version: '2.0.0', license: 'Apache-2.0', repository: { url: 'https://example.org/b.git' } },
      {},
    );
    pkg('c', { name: 'c', version: '0.1.0', licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] }, { COPYING: 'C' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads name, version, the declared licence in each package.json form, and the licence files', () => {
    expect(describePackage(join(dir, 'a'))).toEqual({
      name: 'a',
      version: '1.0.0',
      license: 'MIT',
      author: 'Ann',
      files: [
        { name: 'LICENSE.md', text: 'MIT text\n\n' },
        { name: 'NOTICE', text: 'a notice' },
      ],
    });
    expect(describePackage(join(dir, 'b'))).toMatchObject({ license: 'Apache-2.0', files: [] });
    expect(describePackage(join(dir, 'c'))).toMatchObject({ license: 'MIT OR GPL-2.0', files: [{ name: 'COPYING' }] });
  });

  it('lists packages sorted with their texts, says when a package ships no licence file, and parses back', () => {
    const text = renderLicenses(['c', 'b', 'a'].map((name) => describePackage(join(dir, name))));
    expect(listedPackages(text)).toEqual(['@s/b@2.0.0', 'a@1.0.0', 'c@0.1.0']);
    expect(text).toContain(
      [
        'Package: @s/b@2.0.0',
        'License: Apache-2.0',
        'Repository: https://example.org/b.git',
        '',
        'The package ships no licence file; its package.json declares the licence Apache-2.0.',
      ].join('\n'),
    );
    expect(text).toContain(
      'Package: a@1.0.0\nLicense: MIT\nAuthor: Ann\n\n--- LICENSE.md ---\nMIT text\n\n--- NOTICE ---\na notice\n',
    );
    expect(text.startsWith('This bundle contains 3 third-party packages')).toBe(true);
  });

  it('says so when a bundle has no third-party package', () => {
    expect(renderLicenses([])).toBe('This bundle contains no third-party packages.\n');
    expect(listedPackages(renderLicenses([]))).toEqual([]);
  });
});

// The committed bundles: each dist/<action>/<entry>/licenses.txt must list exactly the packages under node_modules
// that a build of the current source puts into that bundle, with their licence texts. This runs the real build
// (scripts/build.mjs into a temporary folder, keeping webpack's stats; unminified, which leaves the module graph
// as it is) once for all bundles.
/** The bundles under a dist folder, as `<action>/<entry>` (each a folder with an index.js). */
function bundlesIn(dist: string): string[] {
  if (!existsSync(dist)) return [];
  return readdirSync(dist)
    .flatMap((action) => readdirSync(join(dist, action)).map((entry) => `${action}/${entry}`))
    .filter((bundle) => existsSync(join(dist, bundle, 'index.js')))
    .sort();
}

describe('the committed dist/*/*/licenses.txt', () => {
  const committedBundles = bundlesIn(join(root, 'dist'));
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'licenses-build-'));
    const build = join(root, 'scripts/build.mjs');
    await promisify(execFile)(
      process.execPath,
      [build, '--out', join(work, 'dist'), '--stats', join(work, 'stats'), '--skip-typecheck', '--no-minify'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
  }, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('are one per bundle the build makes, and eks-deploy bundles the AWS SDK and yaml', () => {
    expect(committedBundles).toEqual(bundlesIn(join(work, 'dist')));
    expect(committedBundles).toContain('eks-deploy/main');
    const eks = bundledPackages(JSON.parse(readFileSync(join(work, 'stats/eks-deploy/main.json'), 'utf8')));
    expect(eks.map((d) => describePackage(d).name)).toEqual(expect.arrayContaining(['@aws-sdk/client-eks', 'yaml']));
  });

  it.each(committedBundles)('%s lists every bundled package with its licence', (bundle) => {
    const stats = JSON.parse(readFileSync(join(work, 'stats', `${bundle}.json`), 'utf8'));
    const packages = bundledPackages(stats).map(describePackage);
    const committed = readFileSync(join(root, 'dist', bundle, 'licenses.txt'), 'utf8');
    const bundled = packages.map((p) => `${p.name}@${p.version}`).sort();
    const listed = listedPackages(committed).sort();
    expect({
      missing: bundled.filter((p) => !listed.includes(p)),
      extra: listed.filter((p) => !bundled.includes(p)),
    }).toEqual({ missing: [], extra: [] });
    expect(committed).toBe(renderLicenses(packages));
  });
});
