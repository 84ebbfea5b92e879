// npm run bench: every benchmark in scripts/bench/<action>.ts, each printed as a small table beside the machine.
// Figures are whole-process or whole-step measurements on this machine; goals come from the issues.
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const dir = join(new URL('.', import.meta.url).pathname, 'bench');
const only = process.argv.slice(2);
const suites = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && name !== 'measure.ts')
  .map((name) => name.slice(0, -3))
  .filter((name) => only.length === 0 || only.includes(name));

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
let failed = false;
for (const suite of suites) {
  const { bench } = (await import(join(dir, `${suite}.ts`))) as {
    bench: () => Promise<{ name: string; rows: [string, string][] }>;
  };
  try {
    const result = await bench();
    console.log(`\n${result.name}`);
    const width = Math.max(...result.rows.map(([label]) => label.length));
    for (const [label, value] of result.rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  } catch (error) {
    failed = true;
    console.log(`\n${suite}: FAILED: ${(error as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
