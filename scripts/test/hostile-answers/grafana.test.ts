/**
 * Hostile Grafana answers through the grafana-provision bundle, on the fake Grafana: error messages (refused and
 * retried), a dashboard URL in a save answer (it becomes the dashboard-urls output), and a dashboard title and
 * version message a UI user saved (echoed in the plan). None may run as a workflow command or add an output.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  HOSTILE_TEXT,
  simulateStep,
  startFakeGrafana,
  stepInjections,
  type FakeGrafana,
  type StepResult,
} from '@aws-delivery/testing';
import { board } from '../../../actions/grafana-provision/test/resources.js';
import { workspace, type Workspace } from '../../../actions/grafana-provision/test/workspace.js';
import { expectCleanFailure } from './clean-failure.js';

const FILES = [
  { path: 'dashboards/Platform/api.json', text: board('pay-api', 'Payments API') },
  { path: 'dashboards/home.json', text: board('home', 'Home') },
];
const SAVE_PATH = /^\/api\/dashboards\/db$|^\/apis\/dashboard\.grafana\.app\//;

describe('grafana-provision against a Grafana that answers hostile text', () => {
  let fake: FakeGrafana;
  let ws: Workspace;
  let token: string;
  // A fresh server for each case: an injected fault lasts until it is used up.
  beforeEach(async () => {
    fake = await startFakeGrafana({ version: '11.6' });
    token = fake.createServiceAccountToken({ role: 'Admin' }).key;
    ws = workspace(FILES);
  });
  afterEach(async () => {
    ws.remove();
    await fake.stop();
  });

  const step = (inputs: Record<string, string> = {}): Promise<StepResult> =>
    simulateStep({
      action: 'grafana-provision',
      workspace: ws.dir,
      inputs: { 'grafana-url': fake.url, token, 'max-attempts': '2', ...inputs },
      env: { GITHUB_SHA: 'feedfacefeedfacefeedfacefeedfacefeedface', GITHUB_REPOSITORY: 'fintech/payments' },
      timeoutMs: 60_000,
    });

  it.each([
    ['refused (400)', 400],
    ['retried (503)', 503],
  ] as const)('prints nothing live of an error message, %s', async (_label, status) => {
    fake.injectFault({ path: SAVE_PATH, status, body: { message: HOSTILE_TEXT, status: 'error' }, times: 100 });
    const result = await step();
    expectCleanFailure(result, 'grafana-provision');
    expect(fake.requests.some((r) => r.status === status)).toBe(true);
  });

  it('writes nothing live of a hostile dashboard URL from a save answer', async () => {
    const url = `/d/pay-api/payments\n${HOSTILE_TEXT}`;
    fake.injectFault({
      method: 'POST',
      path: '/api/dashboards/db',
      status: 200,
      body: { id: 7, uid: 'pay-api', url, status: 'success', version: 1, slug: 'payments' },
      times: 100,
    });
    const result = await step();
    expect(stepInjections(result)).toEqual([]);
    expect(fake.requests.some((r) => r.path === '/api/dashboards/db' && r.status === 200)).toBe(true);
    // The URLs are the server's address and the uid, never the answer's text.
    expect(result.outputs['dashboard-urls']).not.toContain('INJ');
  });

  it('prints nothing live of a dashboard title and version message saved in the UI, in the plan', async () => {
    expect((await step()).exitCode).toBe(0);
    fake.ui.editDashboard('pay-api', (model) => (model.title = `Payments API\n${HOSTILE_TEXT}`), HOSTILE_TEXT);
    const result = await step({ 'dry-run': 'true' });
    expect(stepInjections(result)).toEqual([]);
    expect(result.stdout + result.summary).toContain('"Payments API\\nINJ-value');
  });
});
