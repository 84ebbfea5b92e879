import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findUnmaskedSecrets, simulateStep, type StepResult } from '@aws-delivery/testing';
import { actionYml, fixtureAction } from './fixture-action.js';

const MASKED = 'masked-Secret-0001';
const EARLY = 'printed-before-mask-0002';
const NEVER = 'never-masked-0003';
const STORED = 'stored-in-state-0004';
const MULTI = 'first-line-0005\nsecond-line-0006';

// A real run: each secret is handled the way the rule in findUnmaskedSecrets distinguishes.
const fixture = fixtureAction({
  'action.yml': actionYml({ post: true }),
  'main.mjs': `import { appendFileSync } from 'node:fs';
console.log('::add-mask::${MASKED}');
console.log('token ${MASKED} is masked');
console.log('early ${EARLY}');
console.log('::add-mask::${EARLY}');
console.log('late ${EARLY}');
console.error('stderr ${NEVER}');
appendFileSync(process.env.GITHUB_STATE, 'creds=${STORED}\\n');
appendFileSync(process.env.GITHUB_STEP_SUMMARY, '| ${MASKED} | ${NEVER} |\\n');
console.log('::add-mask::second-line-0006');
console.log('multi first-line-0005 second-line-0006');
`,
  'post.mjs': `console.log('post sees ${MASKED} and ${STORED}');`,
});
afterAll(() => fixture.remove());

describe('findUnmaskedSecrets on a simulated step', () => {
  let result: StepResult;
  beforeAll(async () => {
    result = await simulateStep({ action: fixture.dir });
  });

  it('reports every clear-text appearance and nothing that the runner masks', () => {
    expect(result.exitCode).toBe(0);
    expect(result.masks).toEqual([MASKED, EARLY, 'second-line-0006']);

    const found = findUnmaskedSecrets(result, [MASKED, EARLY, NEVER, STORED, MULTI]);
    expect(found).toEqual([
      { secret: EARLY, stage: 'main', place: 'stdout', line: 3 },
      { secret: NEVER, stage: 'main', place: 'stderr', line: 1 },
      { secret: NEVER, stage: 'main', place: 'summary' },
      { secret: STORED, stage: 'main', place: 'state', name: 'creds' },
      { secret: 'first-line-0005', stage: 'main', place: 'stdout', line: 7 },
      // main's masks still apply in post; the state value was never masked
      { secret: STORED, stage: 'post', place: 'stdout', line: 1 },
    ]);
  });

  it('finds nothing for secrets that never appear', () => {
    expect(findUnmaskedSecrets(result, ['not-there-at-all'])).toEqual([]);
  });
});

describe('findUnmaskedSecrets places', () => {
  const stage = {
    exitCode: 0,
    signal: null,
    timedOut: false,
    outcome: 'success' as const,
    stdout: '',
    stderr: '',
    log: [],
    outputs: { token: 'x-SECRET-x' },
    env: { AWS_SECRET_ACCESS_KEY: 'SECRET' },
    path: ['/tmp/SECRET/bin'],
    state: {},
    summary: 'line SECRET\n',
    annotations: [],
    masks: ['SECRET'],
    debug: [],
  };

  it('reports outputs, exported variables and PATH entries even when masked; the summary is scrubbed', () => {
    expect(findUnmaskedSecrets(stage, ['SECRET'])).toEqual([
      { secret: 'SECRET', stage: 'main', place: 'output', name: 'token' },
      { secret: 'SECRET', stage: 'main', place: 'env', name: 'AWS_SECRET_ACCESS_KEY' },
      { secret: 'SECRET', stage: 'main', place: 'path', name: '/tmp/SECRET/bin' },
    ]);
  });

  it('reports a summary that no mask covers', () => {
    expect(findUnmaskedSecrets({ ...stage, masks: [], outputs: {}, env: {}, path: [] }, ['SECRET'])).toEqual([
      { secret: 'SECRET', stage: 'main', place: 'summary' },
    ]);
  });
});
