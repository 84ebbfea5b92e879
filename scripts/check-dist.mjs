// npm run check-dist: fail when the committed dist/ differs from a fresh build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { root } from './actions.mjs';

function files(dir) {
  let found = [];
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      found = statSync(path).isDirectory() ? found.concat(files(path)) : found.concat(path);
    }
  } catch {
    return [];
  }
  return found;
}

const fresh = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--out', fresh], { stdio: 'inherit' });
  const committed = join(root, 'dist');
  const names = new Set([
    ...files(committed).map((f) => relative(committed, f)),
    ...files(fresh).map((f) => relative(fresh, f)),
  ]);
  const differing = [...names].sort().filter((name) => {
    const read = (base) => {
      try {
        return readFileSync(join(base, name));
      } catch {
        return undefined;
      }
    };
    const a = read(committed);
    const b = read(fresh);
    return !a || !b || !a.equals(b);
  });
  if (differing.length > 0) {
    console.error(
      `dist/ is stale; these files differ from a fresh build:\n  ${differing.join('\n  ')}\nRun: npm run build`,
    );
    process.exit(1);
  }
  console.log(`dist/ matches a fresh build (${names.size} files)`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
