import { describe, expect, it } from '@jest/globals';
import { CHANGE_SET_NAME_PATTERN, changeSetName } from '../../src/deploy/change-set-name.js';

const step = {
  runId: '9876543210',
  runAttempt: '2',
  job: 'deploy',
  step: '__my-org_china-region-deploy',
  stackName: 'app',
  region: 'cn-north-1',
};

describe('changeSetName', () => {
  it('starts with the run id and attempt and fits CloudFormation’s name rule', () => {
    const name = changeSetName(step);
    expect(name).toMatch(/^china-region-deploy-9876543210-2-[0-9a-f]{10}$/);
    expect(name).toMatch(CHANGE_SET_NAME_PATTERN);
  });

  it('differs for two steps of one job, two jobs of one run, two stacks, two regions and a re-run', () => {
    const names = new Set([
      changeSetName(step),
      changeSetName({ ...step, step: '__my-org_china-region-deploy_2' }),
      changeSetName({ ...step, job: 'deploy-again' }),
      changeSetName({ ...step, stackName: 'app-global' }),
      changeSetName({ ...step, region: 'cn-northwest-1' }),
      changeSetName({ ...step, runAttempt: '3' }),
    ]);
    expect(names.size).toBe(6);
  });

  it('is the same for the same step (a name is reproducible from the run)', () => {
    expect(changeSetName({ ...step })).toBe(changeSetName(step));
  });

  it('stays valid outside a runner and for run values with characters the rule forbids or of any length', () => {
    expect(changeSetName({ stackName: 'app', region: 'cn-north-1' })).toMatch(
      /^china-region-deploy-local-1-[0-9a-f]{10}$/,
    );
    const odd = changeSetName({ ...step, runId: `_${'x'.repeat(300)}/é`, runAttempt: '--' });
    expect(odd).toMatch(CHANGE_SET_NAME_PATTERN);
    expect(odd.length).toBeLessThanOrEqual(128);
  });
});
