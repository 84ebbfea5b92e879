// npm run build: typecheck, then one minified ncc bundle per action entry point.
// Usage: node scripts/build.mjs [--out DIR] [--action NAME] [--skip-typecheck]
// --action rebuilds only that action's bundles (the rest of DIR is left alone).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';
import { join, resolve } from 'node:path';
import { actionEntries, root } from './actions.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'dist');
const actionIndex = args.indexOf('--action');
const only = actionIndex >= 0 ? args[actionIndex + 1] : undefined;

if (!args.includes('--skip-typecheck')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
}

function bundle({ action, entry, source }) {
  const out = join(outDir, action, entry);
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
        '--minify',
        '--no-source-map-register',
        '--transpile-only',
        '--target',
        'es2022',
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) =>
      code === 0 ? done(out) : fail(new Error(`ncc failed for ${action}/${entry} (exit ${code})`)),
    );
  });
}

const entries = actionEntries().filter((e) => !only || e.action === only);
if (only && entries.length === 0) throw new Error(`no action named ${only} with src/main.ts and action.yml`);
rmSync(only ? join(outDir, only) : outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
// Two at a time: CI machines have two cores and ncc is CPU-bound.
/** ncc minifies the entry file only; the chunks it splits off for dynamic imports are minified here. */
async function minifyChunks(out) {
  for (const name of readdirSync(out).filter((file) => /^\d+\.index\.js$/.test(file))) {
    const path = join(out, name);
    const result = await minify(readFileSync(path, 'utf8'), { module: true, ecma: 2022, compress: true, mangle: true });
    if (result.code === undefined) throw new Error(`terser produced nothing for ${path}`);
    writeFileSync(path, result.code);
  }
}

for (let i = 0; i < entries.length; i += 2) {
  const built = await Promise.all(entries.slice(i, i + 2).map(bundle));
  for (const out of built) {
    await minifyChunks(out);
    console.log(`built ${out.slice(root.length)}`);
  }
}
