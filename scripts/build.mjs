// npm run build: typecheck, then one minified ncc bundle per action entry point, each with its licenses.txt.
// Usage: node scripts/build.mjs [--out DIR] [--action NAME] [--skip-typecheck] [--stats DIR] [--no-minify]
// --action rebuilds only that action's bundles (the rest of DIR is left alone).
// --stats keeps each bundle's webpack stats as DIR/<action>/<entry>.json; with --no-minify it is the quick build the
// licences test makes (minifying runs after webpack, so the module graph and licenses.txt are the same either way).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { minify } from 'terser';
import { dirname, join, resolve } from 'node:path';
import { actionEntries, root } from './actions.mjs';
import { licensesFromStats } from './licenses.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'dist');
const actionIndex = args.indexOf('--action');
const only = actionIndex >= 0 ? args[actionIndex + 1] : undefined;
const statsIndex = args.indexOf('--stats');
const keptStats = statsIndex >= 0 ? resolve(args[statsIndex + 1]) : undefined;
const statsDir = keptStats ?? mkdtempSync(join(tmpdir(), 'build-stats-'));
const minified = !args.includes('--no-minify');

if (!args.includes('--skip-typecheck')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
}

function bundle({ action, entry, source }) {
  const out = join(outDir, action, entry);
  const stats = join(statsDir, action, `${entry}.json`);
  mkdirSync(dirname(stats), { recursive: true });
  const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        ncc,
        'build',
        source,
        '-o',
        out,
        ...(minified ? ['--minify'] : []),
        '--no-source-map-register',
        '--transpile-only',
        '--target',
        'es2022',
        // ncc's own --license misses packages (eks-deploy's listed only ncc); licenses.txt is written from these stats.
        '--stats-out',
        stats,
        '--quiet',
      ],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`ncc failed for ${action}/${entry} (exit ${code})`));
      try {
        writeFileSync(join(out, 'licenses.txt'), licensesFromStats(stats));
        done(out);
      } catch (error) {
        fail(error);
      }
    });
  });
}

const entries = actionEntries().filter((e) => !only || e.action === only);
if (only && entries.length === 0) throw new Error(`no action named ${only} with src/main.ts and action.yml`);
rmSync(only ? join(outDir, only) : outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
// Two at a time: CI machines have two cores and ncc is CPU-bound.
/** ncc minifies the entry file only; the chunks it splits off for dynamic imports are minified here. */
/**
 * A second minification over every file of the bundle: ncc's own pass leaves the entry's module scope unmangled and
 * runs compress once, and chunks split off for dynamic imports not at all. Two compress passes and top-level
 * mangling (safe: every file is an ES module, nothing imports its bindings) take 16-23% off each bundle.
 */
async function minifyBundle(out) {
  for (const name of readdirSync(out).filter((file) => /^(\d+\.)?index\.js$/.test(file))) {
    const path = join(out, name);
    const result = await minify(readFileSync(path, 'utf8'), {
      module: true,
      ecma: 2022,
      compress: { passes: 2 },
      mangle: { toplevel: true },
    });
    if (result.code === undefined) throw new Error(`terser produced nothing for ${path}`);
    writeFileSync(path, result.code);
  }
}

try {
  for (let i = 0; i < entries.length; i += 2) {
    const built = await Promise.all(entries.slice(i, i + 2).map(bundle));
    for (const out of built) {
      if (minified) await minifyBundle(out);
      console.log(`built ${out.slice(root.length)}`);
    }
  }
} finally {
  if (!keptStats) rmSync(statsDir, { recursive: true, force: true });
}
