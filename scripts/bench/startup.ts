// Benchmark: start-up of every bundle, whole processes in turn with bare `node -e 0` (Node 24, as action.yml declares).
//  - every post step with no saved state (a main that stopped early: the post step has nothing to undo);
//  - hello-world's main with its defaults (the smallest whole step);
//  - every main with no inputs, in an empty checkout, until it exits with its first ::error:: line.
// Goals (issue 17): post steps and hello-world ≤ 1.3× bare node; the first ::error:: ≤ 1.5× bare node.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot } from '@aws-delivery/testing';
import { actionEntries } from '../actions.mjs';
import { bareNode, benchRuns, fmt, measureBeside, type BenchRow, type BenchSuite } from './measure.js';

const POST_GOAL = 1.3;
const ERROR_GOAL = 1.5;

/**
 * tfsec-gate needs no input (it scans the checkout, downloading the scanner): with none, its first ::error:: is the
 * download failing, which is the network's time, not start-up. It is given one input that does not check out.
 */
const BAD_INPUT: Record<string, [string, string]> = { 'tfsec-gate': ['scanner-sha256', 'abc'] };

/** The runner's files and a fresh empty checkout, as a job that has not checked anything out gives a step. */
function runnerEnv(dir: string): NodeJS.ProcessEnv {
  const workspace = join(dir, 'workspace');
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map((name) => {
      const path = join(dir, name);
      writeFileSync(path, '');
      return [name, path];
    }),
  );
  return { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', RUNNER_TEMP: dir, GITHUB_WORKSPACE: workspace, ...files };
}

export async function bench(): Promise<BenchSuite> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const node = nodeBinary('node24');
  const runs = benchRuns(15);
  const rows: BenchRow[] = [];
  try {
    const env = runnerEnv(dir);
    // Each run starts from an empty checkout and empty runner files (a step could leave something behind).
    const before = () => {
      rmSync(env.GITHUB_WORKSPACE!, { recursive: true, force: true });
      mkdirSync(env.GITHUB_WORKSPACE!);
      for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'])
        writeFileSync(env[name]!, '');
    };
    const entries = actionEntries().filter((e) => existsSync(join(repoRoot, 'dist', e.action, e.entry, 'index.js')));
    const measure = (
      work: string,
      args: string[],
      goal: number,
      extra: { env?: NodeJS.ProcessEnv; okExitCodes?: number[]; expectError?: boolean },
      reproduce: string,
    ) => {
      const subjectEnv = { ...env, ...extra.env };
      const { subject, baseline, ratio } = measureBeside(
        {
          command: node,
          args,
          env: subjectEnv,
          okExitCodes: extra.okExitCodes ?? [0],
          before,
          onOutput: extra.expectError
            ? (stdout) => {
                if (!/^::error[: ]/m.test(stdout)) throw new Error(`${work}: no ::error:: line in: ${stdout}`);
              }
            : undefined,
        },
        bareNode(node),
        runs,
      );
      rows.push({
        work,
        ours: `${fmt.ms(subject.medianMs)}, ${fmt.mib(subject.peakRssMiB)}`,
        against: `bare node -e 0 ${fmt.ms(baseline.medianMs)}, ${fmt.mib(baseline.peakRssMiB)}`,
        ratio,
        goal: { text: `≤ ${goal}× bare node`, met: ratio <= goal },
        reproduce,
      });
    };
    for (const { action } of entries.filter((e) => e.entry === 'post')) {
      measure(
        `${action} post step, no saved state`,
        [join(repoRoot, 'dist', action, 'post', 'index.js')],
        POST_GOAL,
        {},
        `node dist/${action}/post/index.js with the runner's files and no STATE_ variables`,
      );
    }
    measure(
      'hello-world main, default inputs',
      [join(repoRoot, 'dist/hello-world/main/index.js')],
      POST_GOAL,
      { env: { INPUT_WHO: 'world', INPUT_SHOUT: 'false', INPUT_FAIL: 'false' } },
      'node dist/hello-world/main/index.js with INPUT_WHO=world',
    );
    // hello-world needs no input (it greets the world): its row above is its start-up.
    for (const { action } of entries.filter((e) => e.entry === 'main' && e.action !== 'hello-world')) {
      const given = BAD_INPUT[action];
      const variable = given && `INPUT_${given[0].toUpperCase()}`;
      measure(
        given ? `${action}: first ::error:: on ${given[0]}=${given[1]}` : `${action}: first ::error:: with no inputs`,
        [join(repoRoot, 'dist', action, 'main', 'index.js')],
        ERROR_GOAL,
        { okExitCodes: [1], expectError: true, ...(variable ? { env: { [variable]: given[1] } } : {}) },
        `node dist/${action}/main/index.js with ${variable ? `only ${variable}=${given[1]}` : 'no INPUT_ variables'} in an empty GITHUB_WORKSPACE`,
      );
    }
    return { name: 'start-up: whole processes in turn with bare node (Node 24)', rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
