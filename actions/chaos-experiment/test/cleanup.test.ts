/**
 * The post step's decisions around what FIS answers, with a stand-in for the action's own FisApi interface (the
 * calls themselves are tested against the fake FIS in integration/): nothing saved, a stop that fails because the
 * experiment ended meanwhile, and a stop that fails while it still runs.
 */
import { describe, expect, it } from '@jest/globals';
import { runPost } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { stopIfRunning } from '../src/cleanup.js';
import type { FisApi } from '../src/fis/fis-client.js';
import { CLIENT_TOKEN_TAG, STATE_KEY, type SavedState } from '../src/state.js';

function fisAnswering(statuses: string[], stop: () => Promise<never>, deleted: string[] = []): FisApi {
  const refuse = () => Promise.reject(new Error('not used by post'));
  return {
    region: 'eu-west-1',
    endpoint: 'https://fis.eu-west-1.amazonaws.com',
    getExperiment: async (id) => ({ id, state: { status: statuses.shift() ?? 'stopped' } }),
    stopExperiment: stop,
    deleteTemplate: async (id) => void deleted.push(id),
    listExperiments: refuse,
    createTemplate: refuse,
    getTemplate: refuse,
    listTemplates: refuse,
    startExperiment: refuse,
    resolvedTargetCounts: refuse,
  };
}

function post(state: SavedState | undefined, fis: FisApi) {
  const io = recordingRunner({ state: state ? { [STATE_KEY]: state } : {} });
  const outcome = runPost('chaos-experiment', (step) => stopIfRunning(step, () => ({ fis, destroy: () => {} })), {
    io,
  });
  return { io, outcome };
}

const failingStop = () => Promise.reject(Object.assign(new Error('The experiment is not running.'), { name: 'x' }));

describe('the post step', () => {
  it('has nothing to do when main saved nothing (it failed before any call)', async () => {
    const { io, outcome } = post(undefined, fisAnswering([], failingStop));
    expect(await outcome).toEqual({ ok: true, result: undefined });
    expect(io.lines('info')).toEqual(['post: main started nothing and created nothing; nothing to clean up.']);
  });

  it('passes when the stop fails because the experiment ended meanwhile, and still deletes the template', async () => {
    const deleted: string[] = [];
    const { io, outcome } = post(
      { region: 'eu-west-1', experimentId: 'EXP1', createdTemplateId: 'EXT9' },
      fisAnswering(['running', 'completed'], failingStop, deleted),
    );
    expect(await outcome).toEqual({ ok: true, result: undefined });
    expect(io.lines('info')).toContain('post: experiment EXP1 had already ended (completed).');
    expect(deleted).toEqual(['EXT9']);
  });

  it('fails, saying what to do, when the experiment still runs and cannot be stopped', async () => {
    const { io, outcome } = post(
      { region: 'eu-west-1', experimentId: 'EXP2' },
      fisAnswering(['running', 'running'], failingStop),
    );
    expect((await outcome).ok).toBe(false);
    expect(io.lines('error')).toEqual([
      expect.stringMatching(
        /^chaos-experiment post: The clean-up did not finish: stopping experiment EXP2: The experiment is not running\. Hint: Stop the experiment/,
      ),
    ]);
  });

  it('keeps a created template when asked', async () => {
    const deleted: string[] = [];
    const { io, outcome } = post(
      { region: 'eu-west-1', createdTemplateId: 'EXT3', keepTemplate: true, finished: true, status: 'completed' },
      fisAnswering([], failingStop, deleted),
    );
    expect((await outcome).ok).toBe(true);
    expect(deleted).toEqual([]);
    expect(io.lines('info')).toContain('post: Keeping experiment template EXT3, as asked.');
  });

  it('stops a skip-all rehearsal that main was killed in, found by its clientToken tag before its id was saved', async () => {
    const stopped: string[] = [];
    const fis: FisApi = {
      ...fisAnswering(['running'], failingStop),
      listExperiments: async () => [
        { id: 'EXPR', tags: { [CLIENT_TOKEN_TAG]: 'gha-rehearsal-7' } },
        { id: 'EXPOTHER', tags: { [CLIENT_TOKEN_TAG]: 'gha-rehearsal-6' } },
      ],
      stopExperiment: async (id) => {
        stopped.push(id);
        return { id, state: { status: 'stopping' } };
      },
    };
    const { io, outcome } = post(
      { region: 'eu-west-1', templateId: 'EXT1', rehearsalClientToken: 'gha-rehearsal-7' },
      fis,
    );
    expect(await outcome).toEqual({ ok: true, result: undefined });
    expect(stopped).toEqual(['EXPR']);
    expect(io.lines('info')).toContain(
      'post: Experiment EXPR is running after the step ended: stopping it so it is not left running.',
    );
  });

  it('checks both the rehearsal and the real experiment when both ids were saved', async () => {
    const stopped: string[] = [];
    const fis: FisApi = {
      ...fisAnswering(['completed', 'running'], failingStop),
      stopExperiment: async (id) => {
        stopped.push(id);
        return { id, state: { status: 'stopping' } };
      },
    };
    const { outcome } = post({ region: 'eu-west-1', experimentId: 'EXP5', rehearsalId: 'EXPR5' }, fis);
    expect((await outcome).ok).toBe(true);
    expect(stopped).toEqual(['EXPR5']);
  });
});
