/**
 * Alerting provisioning: https://grafana.com/docs/grafana/latest/developers/http_api/alerting_provisioning/ —
 * rule groups (GET, PUT replacing the group), provenance `api` unless X-Disable-Provenance
 * (https://grafana.com/docs/grafana/latest/alerting/set-up/provision-alerting-resources/http-api-provisioning/),
 * the 500 "cannot change provenance from 'api' to ''" on 10.x (grafana/grafana#74558), contact points.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useFakeGrafana, VERSIONS } from './client.js';

const rule = (uid: string, title: string) => ({
  uid,
  title,
  condition: 'B',
  data: [
    { refId: 'A', datasourceUid: 'prom', model: { expr: 'up == 0' } },
    { refId: 'B', datasourceUid: '__expr__', model: { type: 'threshold' } },
  ],
  for: '5m',
  labels: { severity: 'page' },
  annotations: { summary: 'down' },
});
const GROUP = '/api/v1/provisioning/folder/alerts/rule-groups/availability';

describe.each(VERSIONS)('fake Grafana %s: alert rule groups and contact points', (version) => {
  const { fake, api } = useFakeGrafana({ version });
  beforeAll(async () => {
    await api('POST', '/api/folders', { uid: 'alerts', title: 'Alerts' });
  });

  it('answers 404 for a group that does not exist (docs: alerting_provisioning, get rule group)', async () => {
    expect((await api('GET', GROUP)).status).toBe(404);
  });

  it('PUT creates the group with provenance api and GET answers it (docs: alerting_provisioning, put rule group)', async () => {
    const put = await api('PUT', GROUP, { interval: 60, rules: [rule('r1', 'Down'), rule('r2', 'Slow')] });
    expect(put.status).toBe(200);
    const got = await api('GET', GROUP);
    expect(got.body).toMatchObject({ title: 'availability', folderUid: 'alerts', interval: 60 });
    expect(got.body.rules.map((r: { uid: string; provenance: string }) => [r.uid, r.provenance])).toEqual([
      ['r1', 'api'],
      ['r2', 'api'],
    ]);
    expect(got.body.rules[0]).toMatchObject({
      folderUID: 'alerts',
      ruleGroup: 'availability',
      noDataState: 'NoData',
      execErrState: 'Alerting',
    });
  });

  it('PUT replaces the whole group: rules left out are deleted (docs: alerting_provisioning, put rule group)', async () => {
    expect((await api('PUT', GROUP, { interval: 60, rules: [rule('r1', 'Down')] })).status).toBe(200);
    const got = await api('GET', GROUP);
    expect(got.body.rules.map((r: { uid: string }) => r.uid)).toEqual(['r1']);
    expect((await api('GET', '/api/v1/provisioning/alert-rules/r2')).status).toBe(404);
  });

  it('refuses an interval that is not a multiple of the 10 s scheduler interval (docs: alerting_provisioning, rule group)', async () => {
    expect((await api('PUT', GROUP, { interval: 15, rules: [rule('r1', 'Down')] })).status).toBe(400);
  });

  it(`${version === '9.5' || version === '10.4' ? 'fails with 500' : 'allows'} changing provenance api → none with X-Disable-Provenance (grafana/grafana#74558)`, async () => {
    const answer = await api(
      'PUT',
      GROUP,
      { interval: 60, rules: [rule('r1', 'Down')] },
      { 'X-Disable-Provenance': 'true' },
    );
    if (version === '9.5' || version === '10.4') {
      expect(answer.status).toBe(500);
      expect(answer.body.message).toBe("cannot change provenance from 'api' to ''");
      expect(fake().store.alertRules.get('r1')?.provenance).toBe('api');
    } else {
      expect(answer.status).toBe(200);
      expect(fake().store.alertRules.get('r1')?.provenance).toBe('');
    }
  });

  it('creates a group without provenance when X-Disable-Provenance is set, editable in the UI (docs: provisioning, editable resources)', async () => {
    const group = '/api/v1/provisioning/folder/alerts/rule-groups/editable';
    const put = await api(
      'PUT',
      group,
      { interval: 30, rules: [rule('e1', 'Editable')] },
      { 'X-Disable-Provenance': 'true' },
    );
    expect(put.status).toBe(200);
    expect(put.body.rules[0].provenance).toBe('');
    expect(fake().requests.at(-1)?.disableProvenance).toBe(true);
    fake().ui.editAlertRule('e1', (r) => (r.title = 'Edited in UI'));
    expect((await api('GET', group)).body.rules[0].title).toBe('Edited in UI');
    const r1Provenance = fake().store.alertRules.get('r1')?.provenance;
    if (r1Provenance === 'api') expect(() => fake().ui.editAlertRule('r1', () => undefined)).toThrow(/provisioned/);
    else expect(fake().ui.editAlertRule('r1', () => undefined).uid).toBe('r1');
  });

  it('lists all rules with GET /api/v1/provisioning/alert-rules (docs: alerting_provisioning, get alert rules)', async () => {
    const list = await api('GET', '/api/v1/provisioning/alert-rules');
    expect(list.body.map((r: { uid: string }) => r.uid).sort()).toEqual(['e1', 'r1']);
  });

  it('creates contact points (202), redacts secure settings, keeps them when "[REDACTED]" is sent back (docs: alerting_provisioning, contact points)', async () => {
    const created = await api('POST', '/api/v1/provisioning/contact-points', {
      uid: 'oncall',
      name: 'On call',
      type: 'slack',
      settings: { url: 'https://hooks.slack.test/secret', recipient: '#ops' },
    });
    expect(created.status).toBe(202);
    expect(created.body.provenance).toBe('api');
    const list = await api('GET', '/api/v1/provisioning/contact-points?name=On%20call');
    expect(list.body).toEqual([
      expect.objectContaining({ uid: 'oncall', settings: { url: '[REDACTED]', recipient: '#ops' } }),
    ]);
    const updated = await api('PUT', '/api/v1/provisioning/contact-points/oncall', {
      name: 'On call',
      type: 'slack',
      settings: { url: '[REDACTED]', recipient: '#ops-2' },
    });
    expect(updated.status).toBe(202);
    expect(fake().store.contactPoints.get('oncall')?.settings).toEqual({
      url: 'https://hooks.slack.test/secret',
      recipient: '#ops-2',
    });
    const none = await api(
      'PUT',
      '/api/v1/provisioning/contact-points/oncall',
      { name: 'On call', type: 'slack', settings: {} },
      { 'X-Disable-Provenance': 'true' },
    );
    expect(none.status).toBe(500);
    expect((await api('DELETE', '/api/v1/provisioning/contact-points/oncall')).status).toBe(202);
  });
});
