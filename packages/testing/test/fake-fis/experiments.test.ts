/**
 * Experiments on the fake's scaled clock, pinned to the FIS API reference:
 * StartExperiment https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html (clientToken,
 * experimentOptions.actionsMode), GetExperiment https://docs.aws.amazon.com/fis/latest/APIReference/API_GetExperiment.html,
 * ListExperiments https://docs.aws.amazon.com/fis/latest/APIReference/API_ListExperiments.html,
 * StopExperiment https://docs.aws.amazon.com/fis/latest/APIReference/API_StopExperiment.html,
 * ListExperimentResolvedTargets https://docs.aws.amazon.com/fis/latest/APIReference/API_ListExperimentResolvedTargets.html,
 * states https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html and
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentActionState.html,
 * action ordering https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FAKE_FIS_REASONS, startFakeFis, type ExperimentSnapshot, type FakeFis } from '../../src/fake-fis/index.js';
import { CREDENTIALS, fisCall, templateBody } from './fis-client.js';

let fis: FakeFis;
beforeAll(async () => {
  // 600 virtual seconds per real second: a five-minute action takes half a second.
  fis = await startFakeFis({ credentials: [CREDENTIALS], timeScale: 600 });
});
afterAll(() => fis.stop());

async function createTemplate(body: Record<string, unknown>): Promise<string> {
  const answer = await fisCall(fis.url, 'POST', '/experimentTemplates', body);
  expect(answer.status).toBe(200);
  return (answer.body.experimentTemplate as { id: string }).id;
}

async function start(templateId: string, extra: Record<string, unknown> = {}): Promise<{ id: string; status: string }> {
  const answer = await fisCall(fis.url, 'POST', '/experiments', {
    clientToken: `start-${Math.random().toString(36).slice(2)}`,
    experimentTemplateId: templateId,
    ...extra,
  });
  expect(answer.status).toBe(200);
  const experiment = answer.body.experiment as { id: string; state: { status: string } };
  return { id: experiment.id, status: experiment.state.status };
}

function statuses(snapshot: ExperimentSnapshot, action?: string): string[] {
  return snapshot.history.filter((t) => t.action === action).map((t) => t.status);
}

function at(snapshot: ExperimentSnapshot, action: string, status: string): number {
  const found = snapshot.history.find((t) => t.action === action && t.status === status);
  if (!found) throw new Error(`${action} never was ${status}`);
  return found.atSeconds;
}

describe('fake FIS: experiment states (https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html)', () => {
  it('starts pending, then initiating, running and completed, with FIS reasons', async () => {
    const templateId = await createTemplate(templateBody({ wait: { duration: 'PT5M' } }));
    const { id, status } = await start(templateId);
    expect(id).toMatch(/^EXP[A-Za-z0-9]{16}$/);
    expect(status).toBe('pending');
    const done = await fis.helpers.waitFor(id, ['completed', 'failed', 'stopped']);
    expect(statuses(done)).toEqual(['pending', 'initiating', 'running', 'completed']);
    expect(done.state).toEqual({ status: 'completed', reason: 'Experiment completed.' });
    expect(statuses(done, 'wait')).toEqual(['pending', 'initiating', 'running', 'completed']);
    expect(done.actions.wait?.state).toEqual({ status: 'completed', reason: 'Action was completed.' });
    // The five-minute duration is kept in virtual time.
    expect(at(done, 'wait', 'completed') - at(done, 'wait', 'running')).toBeCloseTo(300, 0);
    const got = await fisCall(fis.url, 'GET', `/experiments/${id}`);
    const experiment = got.body.experiment as {
      startTime: number;
      endTime: number;
      experimentOptions: { actionsMode: string };
    };
    expect(experiment.endTime).toBeGreaterThanOrEqual(experiment.startTime);
    expect(experiment.experimentOptions.actionsMode).toBe('run-all');
  });

  it('runs actions in startAfter order: b and c after a, d after b and c (https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html)', async () => {
    const templateId = await createTemplate(
      templateBody({
        a: { duration: 'PT1M' },
        b: { duration: 'PT2M', startAfter: ['a'] },
        c: { duration: 'PT30S', startAfter: ['a'] },
        d: { duration: 'PT1M', startAfter: ['b', 'c'] },
      }),
    );
    const { id } = await start(templateId);
    const done = await fis.helpers.waitFor(id, ['completed', 'failed']);
    expect(done.state.status).toBe('completed');
    expect(at(done, 'b', 'initiating')).toBeGreaterThanOrEqual(at(done, 'a', 'completed'));
    expect(at(done, 'c', 'initiating')).toBeGreaterThanOrEqual(at(done, 'a', 'completed'));
    expect(at(done, 'd', 'initiating')).toBeGreaterThanOrEqual(at(done, 'b', 'completed'));
    expect(at(done, 'b', 'completed')).toBeGreaterThan(at(done, 'c', 'completed'));
  });

  it('skips every action with actionsMode skip-all and completes (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperimentExperimentOptionsInput.html)', async () => {
    const templateId = await createTemplate(templateBody({ a: { duration: 'PT10M' }, b: { startAfter: ['a'] } }));
    const { id } = await start(templateId, { experimentOptions: { actionsMode: 'skip-all' } });
    const done = await fis.helpers.waitFor(id, ['completed', 'failed']);
    expect(done.state.status).toBe('completed');
    expect(done.actions.a?.state.status).toBe('skipped');
    expect(done.actions.b?.state.status).toBe('skipped');
    expect(done.experimentOptions.actionsMode).toBe('skip-all');
  });

  it('fails the experiment when an action fails, cancelling the actions after it', async () => {
    const templateId = await createTemplate(
      templateBody({ inject: { duration: 'PT2M' }, after: { duration: 'PT1M', startAfter: ['inject'] } }),
    );
    fis.helpers.failAction(templateId, 'inject', 'Unable to start the action: the target has no SSM agent.');
    const { id } = await start(templateId);
    const done = await fis.helpers.waitFor(id, ['completed', 'failed', 'stopped']);
    expect(done.state).toEqual({ status: 'failed', reason: FAKE_FIS_REASONS.experiment.actionFailed('inject') });
    expect(done.actions.inject?.state).toEqual({
      status: 'failed',
      reason: 'Unable to start the action: the target has no SSM agent.',
    });
    expect(done.actions.after?.state.status).toBe('cancelled');
  });

  it('fails a running action of one experiment when asked by experiment id', async () => {
    const templateId = await createTemplate(templateBody({ long: { duration: 'PT1H' } }));
    const { id } = await start(templateId);
    const running = await waitForAction(id, 'long', 'running');
    fis.helpers.failAction(running.id, 'long', 'Injected failure.');
    const done = await fis.helpers.waitFor(id, ['failed']);
    expect(done.actions.long?.state).toEqual({ status: 'failed', reason: 'Injected failure.' });
  });

  it('stops a running experiment: stopping ("Stopping Experiment.") then stopped; running actions stop, pending ones are cancelled', async () => {
    const templateId = await createTemplate(
      templateBody({ long: { duration: 'PT1H' }, next: { duration: 'PT1M', startAfter: ['long'] } }),
    );
    const { id } = await start(templateId);
    await waitForAction(id, 'long', 'running');
    const stopping = await fisCall(fis.url, 'DELETE', `/experiments/${id}`);
    expect(stopping.status).toBe(200);
    expect((stopping.body.experiment as { state: unknown }).state).toEqual({
      status: 'stopping',
      reason: 'Stopping Experiment.',
    });
    const done = await fis.helpers.waitFor(id, ['stopped']);
    expect(statuses(done)).toEqual(['pending', 'initiating', 'running', 'stopping', 'stopped']);
    expect(statuses(done, 'long')).toEqual(['pending', 'initiating', 'running', 'stopping', 'stopped']);
    expect(done.actions.next?.state.status).toBe('cancelled');
    const again = await fisCall(fis.url, 'DELETE', `/experiments/${id}`);
    expect(again).toMatchObject({ status: 400, errorType: 'ValidationException' });
  });

  it('cancels an experiment stopped while still pending', async () => {
    const slow = await startFakeFis({ credentials: [CREDENTIALS], timeScale: 0.001 });
    try {
      const created = await fisCall(slow.url, 'POST', '/experimentTemplates', templateBody({ a: {} }));
      const templateId = (created.body.experimentTemplate as { id: string }).id;
      const started = await fisCall(slow.url, 'POST', '/experiments', {
        clientToken: 'c1',
        experimentTemplateId: templateId,
      });
      const id = (started.body.experiment as { id: string }).id;
      await fisCall(slow.url, 'DELETE', `/experiments/${id}`);
      const done = await slow.helpers.waitFor(id, ['cancelled']);
      expect(statuses(done)).toEqual(['pending', 'cancelled']);
      expect(done.actions.a?.state.status).toBe('cancelled');
    } finally {
      await slow.stop();
    }
  });

  it('answers ResourceNotFoundException for an unknown experiment or template', async () => {
    expect(await fisCall(fis.url, 'GET', '/experiments/EXPnope')).toMatchObject({
      status: 404,
      errorType: 'ResourceNotFoundException',
    });
    const answer = await fisCall(fis.url, 'POST', '/experiments', {
      clientToken: 'x',
      experimentTemplateId: 'EXTnope',
    });
    expect(answer).toMatchObject({ status: 404, errorType: 'ResourceNotFoundException' });
  });
});

describe('fake FIS: stop conditions without CloudWatch', () => {
  it('fails an experiment whose alarm it cannot read, rather than run it unguarded', async () => {
    const alarm = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-5xx';
    const templateId = await createTemplate(
      templateBody({ a: { duration: 'PT1M' } }, { stopConditions: [{ source: 'aws:cloudwatch:alarm', value: alarm }] }),
    );
    const { id } = await start(templateId);
    const done = await fis.helpers.waitFor(id, ['failed', 'completed']);
    expect(done.state).toEqual({ status: 'failed', reason: FAKE_FIS_REASONS.experiment.noCloudWatch(alarm) });
    expect(done.history.some((t) => t.status === 'running')).toBe(false);
  });
});

describe('fake FIS: clientToken idempotency (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html)', () => {
  it('returns the first experiment for the same token and parameters, and starts no second one', async () => {
    const templateId = await createTemplate(templateBody({ a: { duration: 'PT1M' } }));
    const body = { clientToken: 'owner/repo-123-1-chaos', experimentTemplateId: templateId, tags: { run: '123' } };
    const first = await fisCall(fis.url, 'POST', '/experiments', body);
    const second = await fisCall(fis.url, 'POST', '/experiments', { ...body, tags: { run: '123' } });
    const firstId = (first.body.experiment as { id: string }).id;
    expect((second.body.experiment as { id: string }).id).toBe(firstId);
    const listed = await fisCall(fis.url, 'GET', `/experiments?experimentTemplateId=${templateId}`);
    expect((listed.body.experiments as { id: string }[]).map((e) => e.id)).toEqual([firstId]);
    const other = await fisCall(fis.url, 'POST', '/experiments', {
      ...body,
      experimentOptions: { actionsMode: 'skip-all' },
    });
    expect(other).toMatchObject({ status: 409, errorType: 'ConflictException' });
  });

  it('refuses a missing or white-space clientToken', async () => {
    const templateId = await createTemplate(templateBody({ a: {} }));
    for (const clientToken of [undefined, '', 'has space', 'x'.repeat(1025)]) {
      const answer = await fisCall(fis.url, 'POST', '/experiments', { clientToken, experimentTemplateId: templateId });
      expect(answer).toMatchObject({ status: 400, errorType: 'ValidationException' });
    }
  });
});

describe('fake FIS: lists, tags and targets', () => {
  it('lists experiments with their state, tags and options; tags an experiment by ARN', async () => {
    const templateId = await createTemplate(templateBody({ a: {} }));
    const { id } = await start(templateId, { tags: { repository: 'owner/repo' } });
    const listed = await fisCall(fis.url, 'GET', `/experiments?experimentTemplateId=${templateId}`);
    const summary = (listed.body.experiments as Record<string, unknown>[])[0];
    expect(summary).toMatchObject({ id, experimentTemplateId: templateId, tags: { repository: 'owner/repo' } });
    expect(summary?.state).toHaveProperty('status');
    const arn = `arn:aws:fis:us-east-1:123456789012:experiment/${id}`;
    await fisCall(fis.url, 'POST', `/tags/${encodeURIComponent(arn)}`, { tags: { verdict: 'pass' } });
    const tags = await fisCall(fis.url, 'GET', `/tags/${encodeURIComponent(arn)}`);
    expect(tags.body.tags).toEqual({ repository: 'owner/repo', verdict: 'pass' });
  });

  it('resolves tag-selected targets to the resources it holds, and lists them', async () => {
    fis.helpers.addResources('aws:ecs:task', [
      { arn: 'arn:aws:ecs:us-east-1:123456789012:task/web/1', tags: { app: 'web' } },
      { arn: 'arn:aws:ecs:us-east-1:123456789012:task/web/2', tags: { app: 'web' } },
      { arn: 'arn:aws:ecs:us-east-1:123456789012:task/db/1', tags: { app: 'db' } },
    ]);
    const templateId = await createTemplate(
      templateBody(
        { a: {} },
        { targets: { web: { resourceType: 'aws:ecs:task', resourceTags: { app: 'web' }, selectionMode: 'COUNT(1)' } } },
      ),
    );
    const { id } = await start(templateId);
    await fis.helpers.waitFor(id, ['completed', 'failed']);
    const answer = await fisCall(fis.url, 'GET', `/experiments/${id}/resolvedTargets`);
    expect(answer.body.resolvedTargets).toEqual([
      {
        resourceType: 'aws:ecs:task',
        targetName: 'web',
        targetInformation: { arn: 'arn:aws:ecs:us-east-1:123456789012:task/web/1' },
      },
    ]);
  });

  it('fails an experiment whose target resolves to nothing (emptyTargetResolutionMode fail)', async () => {
    const templateId = await createTemplate(
      templateBody(
        { a: {} },
        { targets: { web: { resourceType: 'aws:ec2:instance', resourceTags: { app: 'none' }, selectionMode: 'ALL' } } },
      ),
    );
    const { id } = await start(templateId);
    const done = await fis.helpers.waitFor(id, ['failed', 'completed']);
    expect(done.state).toEqual({ status: 'failed', reason: FAKE_FIS_REASONS.experiment.targetsEmpty('web') });
  });
});

async function waitForAction(id: string, action: string, status: string): Promise<ExperimentSnapshot> {
  for (let i = 0; i < 1000; i++) {
    const snapshot = fis.experiments().find((e) => e.id === id);
    if (snapshot?.actions[action]?.state.status === status) return snapshot;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${action} of ${id} never became ${status}`);
}
