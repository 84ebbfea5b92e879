// Benchmark: the assume-role bundle's whole process for one static-key AssumeRole against local moto, in turn with
// the floor (scripts/bench/floor-sts.mjs: the least a Node process can do for the same work), bare Node, and — when
// BENCH_ANCHORS holds it — configure-aws-credentials doing the same. Peak memory and bundle sizes beside.
// Goals (issue 17): ≤ 1.25× the floor; and under 600 KB loaded for the run (issue 2).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot, startMoto } from '@aws-delivery/testing';
import {
  ANCHORS_MISSING,
  anchorBundle,
  bareNode,
  benchRuns,
  bundleBytes,
  fmt,
  measureInTurn,
  type BenchSuite,
  type Command,
} from './measure.js';

const FLOOR_GOAL = 1.25;
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ROLE = 'arn:aws:iam::111111111111:role/bench';

/** Our SigV4 signer as one ES module, for the floor script (bundled once, outside the time measured). */
function bundleSigner(dir: string): string {
  const out = join(dir, 'signer.mjs');
  execFileSync(
    join(repoRoot, 'node_modules/.bin/esbuild'),
    [
      join(repoRoot, 'packages/aws/src/signing/index.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--minify',
      `--outfile=${out}`,
      '--log-level=warning',
    ],
    { stdio: 'inherit' },
  );
  return out;
}

/** The runner's files, emptied before each run; a check afterwards that the run exported the credentials. */
function runnerFiles(dir: string, name: string) {
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((file) => [
      file,
      join(dir, `${name}-${file}`),
    ]),
  );
  return {
    env: files,
    before: () => Object.values(files).forEach((path) => writeFileSync(path, '')),
    onOutput: () => {
      if (!readFileSync(files.GITHUB_ENV!, 'utf8').includes('AWS_SESSION_TOKEN')) {
        throw new Error(`${name} did not write AWS_SESSION_TOKEN to GITHUB_ENV`);
      }
    },
  };
}

export async function bench(): Promise<BenchSuite> {
  const moto = await startMoto();
  const dir = mkdtempSync(join(tmpdir(), 'bench-assume-role-'));
  try {
    const node = nodeBinary('node24');
    // The variables a runner sets that configure-aws-credentials requires (it tags the session with them).
    const base = {
      PATH: process.env.PATH,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'octo/bench',
      GITHUB_WORKFLOW: 'bench',
      GITHUB_ACTION: 'assume',
      GITHUB_ACTOR: 'octo',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_RUN_ID: '1',
      GITHUB_WORKSPACE: dir,
    };
    const main = join(repoRoot, 'dist/assume-role/main');
    const ours = runnerFiles(dir, 'ours');
    const floor = runnerFiles(dir, 'floor');
    const commands: Command[] = [
      {
        command: node,
        args: [join(main, 'index.js')],
        env: {
          ...base,
          ...ours.env,
          'INPUT_AWS-REGION': 'eu-west-1',
          'INPUT_STS-ENDPOINT': moto.endpoint,
          'INPUT_AWS-ACCESS-KEY-ID': KEY_ID,
          'INPUT_AWS-SECRET-ACCESS-KEY': SECRET,
          'INPUT_ROLE-TO-ASSUME': ROLE,
        },
        before: ours.before,
        onOutput: ours.onOutput,
      },
      {
        command: node,
        args: [join(repoRoot, 'scripts/bench/floor-sts.mjs'), bundleSigner(dir)],
        env: {
          ...base,
          ...floor.env,
          STS_ENDPOINT: moto.endpoint,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: KEY_ID,
          AWS_SECRET_ACCESS_KEY: SECRET,
          ROLE_ARN: ROLE,
        },
        before: floor.before,
        onOutput: floor.onOutput,
      },
      bareNode(node),
    ];
    const cac = anchorBundle('configure-aws-credentials');
    if (cac) {
      const theirs = runnerFiles(dir, 'cac');
      commands.push({
        command: node,
        args: [cac],
        env: {
          ...base,
          ...theirs.env,
          AWS_ENDPOINT_URL_STS: moto.endpoint,
          'INPUT_AWS-REGION': 'eu-west-1',
          'INPUT_AWS-ACCESS-KEY-ID': KEY_ID,
          'INPUT_AWS-SECRET-ACCESS-KEY': SECRET,
          'INPUT_ROLE-TO-ASSUME': ROLE,
        },
        before: theirs.before,
        onOutput: theirs.onOutput,
      });
    }
    const { figures, ratio } = measureInTurn(commands, benchRuns(15));
    const [step, floorRun, bare, anchor] = figures;
    const reproduce =
      'node dist/assume-role/main/index.js with INPUT_AWS-REGION, INPUT_STS-ENDPOINT (moto), INPUT_AWS-ACCESS-KEY-ID, INPUT_AWS-SECRET-ACCESS-KEY, INPUT_ROLE-TO-ASSUME and the GITHUB_* files';
    const floorRatio = ratio(0, 1);
    return {
      name: 'assume-role: static keys → one AssumeRole against local moto (Node 24, whole processes in turn)',
      rows: [
        {
          work: 'one AssumeRole, vs the floor script',
          ours: fmt.run(step!),
          against: `floor-sts.mjs ${fmt.run(floorRun!)}`,
          ratio: floorRatio,
          goal: { text: `≤ ${FLOOR_GOAL}× the floor`, met: floorRatio <= FLOOR_GOAL },
          reproduce: `${reproduce}; the floor: node scripts/bench/floor-sts.mjs <signer.mjs> (packages/aws/src/signing bundled with esbuild) with STS_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ROLE_ARN, GITHUB_ENV`,
        },
        {
          work: 'one AssumeRole, vs configure-aws-credentials',
          ours: fmt.run(step!),
          against: anchor ? `configure-aws-credentials ${fmt.run(anchor)}` : ANCHORS_MISSING,
          ...(anchor ? { ratio: ratio(0, 3) } : {}),
          reproduce: `${reproduce}; theirs: node $BENCH_ANCHORS/configure-aws-credentials/dist/index.js with the same INPUT_* (no sts-endpoint) and AWS_ENDPOINT_URL_STS`,
        },
      ],
      details: [
        ['bare node -e 0, in the same turns', fmt.run(bare!)],
        ['floor / bare node', `${ratio(1, 2).toFixed(2)}×`],
        ['assume-role / bare node', `${ratio(0, 2).toFixed(2)}×`],
        ['main bundle loaded for this run (goal < 600 KB)', fmt.kb(statSync(join(main, 'index.js')).size)],
        ['main bundle with its on-demand chunks', fmt.kb(bundleBytes(main))],
        ['post bundle size', fmt.kb(bundleBytes(join(repoRoot, 'dist/assume-role/post')))],
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await moto.stop();
  }
}
