// Benchmark: the assume-role bundle's whole-process time for one static-key AssumeRole against local moto,
// beside bare Node start-up on the same machine; peak memory and bundle size.
// Goals (issue): within 1.3x of `node -e 0`, under 50 MiB peak, bundle under 600 KB.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot, startMoto } from '@aws-delivery/testing';
import { bundleBytes, fmt, measureBeside } from './measure.js';

export async function bench(): Promise<{ name: string; rows: [string, string][] }> {
  const moto = await startMoto();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'bench-assume-role-'));
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((name) => {
        const path = join(dir, name);
        writeFileSync(path, '');
        return [name, path];
      }),
    );
    const env = {
      PATH: process.env.PATH,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      ...files,
      'INPUT_AWS-REGION': 'eu-west-1',
      'INPUT_STS-ENDPOINT': moto.endpoint,
      'INPUT_AWS-ACCESS-KEY-ID': 'AKIAIOSFODNN7EXAMPLE',
      'INPUT_AWS-SECRET-ACCESS-KEY': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'INPUT_ROLE-TO-ASSUME': 'arn:aws:iam::111111111111:role/bench',
    };
    const main = join(repoRoot, 'dist/assume-role/main');
    // The runtime action.yml declares (runs.using: node24), for the bundle and the bare start-up alike.
    const node = nodeBinary('node24');
    const {
      subject: step,
      baseline: bare,
      ratio,
    } = measureBeside(
      { command: node, args: [join(main, 'index.js')], env },
      { command: node, args: ['-e', '0'], env: { PATH: process.env.PATH } },
      15,
    );
    return {
      name: 'assume-role (static keys → AssumeRole against local moto)',
      rows: [
        ['bare node -e 0, run in turn with the bundle', `${fmt.ms(bare.medianMs)}, ${fmt.mib(bare.peakRssMiB)}`],
        ['bundle, whole process', `${fmt.ms(step.medianMs)}, ${fmt.mib(step.peakRssMiB)}`],
        ['ratio to bare node, per turn (goal ≤ 1.3)', ratio.toFixed(2)],
        ['main bundle loaded for this run (goal < 600 KB)', fmt.kb(statSync(join(main, 'index.js')).size)],
        ['main bundle with its on-demand chunks', fmt.kb(bundleBytes(main))],
        ['post bundle size', fmt.kb(bundleBytes(join(repoRoot, 'dist/assume-role/post')))],
      ],
    };
  } finally {
    await moto.stop();
  }
}
