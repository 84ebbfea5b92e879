/**
 * Choosing the dialect from /api/health and the feature toggles, against the fake Grafana's profiles
 * (https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api; nested folders GA in 11.0,
 * grafana/grafana#84631; the /apis path from 12: https://grafana.com/docs/grafana/latest/developers/http_api/apis/).
 */
import { describe, expect, it } from '@jest/globals';
import {
  describeServer,
  describeServerLine,
  parseGrafanaVersion,
  UnsupportedGrafanaError,
} from '../src/server-version.js';
// The fake is imported from its folder until @aws-delivery/testing exports it (packages/testing/src/index.ts).
import { startFakeGrafana, type GrafanaVersion } from '@aws-delivery/testing';

describe('describeServer', () => {
  it('parses release, pre-release and build versions', () => {
    expect(parseGrafanaVersion('10.4.19')).toEqual({ major: 10, minor: 4 });
    expect(parseGrafanaVersion('12.2.1+security-01')).toEqual({ major: 12, minor: 2 });
    expect(parseGrafanaVersion('v13.0.0-pre')).toEqual({ major: 13, minor: 0 });
    expect(parseGrafanaVersion('main')).toBeUndefined();
  });

  it('refuses versions before 9.5 and a health answer without a version', () => {
    expect(() => describeServer({ version: '9.4.7' })).toThrow(UnsupportedGrafanaError);
    expect(() => describeServer({})).toThrow(/did not report a version/);
  });

  it('takes 13 as an /apis server with nested folders', () => {
    expect(describeServer({ version: '13.0.1' })).toMatchObject({ dialect: 'apis', nestedFolders: true });
  });

  it.each([
    [
      '9.5',
      { dialect: 'api', nestedFolders: false },
      'Grafana 9.5.21: /api dialect, folders flattened (no nested folders)',
    ],
    [
      '10.4',
      { dialect: 'api', nestedFolders: false },
      'Grafana 10.4.19: /api dialect, folders flattened (no nested folders)',
    ],
    ['11.6', { dialect: 'api', nestedFolders: true }, 'Grafana 11.6.3: /api dialect, nested folders'],
    [
      '12.x',
      { dialect: 'apis', nestedFolders: true },
      'Grafana 12.2.1: /apis dialect (dashboard.grafana.app, folder.grafana.app), nested folders',
    ],
  ] as [GrafanaVersion, object, string][])('reads the fake %s as %j', async (version, expected, line) => {
    const fake = await startFakeGrafana({ version });
    try {
      const token = fake.createServiceAccountToken().key;
      const health = (await (await fetch(`${fake.url}/api/health`)).json()) as { version: string };
      const settings = (await (
        await fetch(`${fake.url}/api/frontend/settings`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as { featureToggles: Record<string, unknown> };
      const info = describeServer(health, settings.featureToggles);
      expect(info).toMatchObject(expected);
      expect(info.nestedFolders).toBe(fake.profile.nestedFolders);
      expect(describeServerLine(info)).toBe(line);
    } finally {
      await fake.stop();
    }
  });

  it('follows the nestedFolders feature toggle on 10.4', async () => {
    const fake = await startFakeGrafana({ version: '10.4', featureToggles: { nestedFolders: true } });
    try {
      const token = fake.createServiceAccountToken().key;
      const settings = (await (
        await fetch(`${fake.url}/api/frontend/settings`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as { featureToggles: Record<string, unknown> };
      expect(describeServer({ version: '10.4.19' }, settings.featureToggles).nestedFolders).toBe(true);
    } finally {
      await fake.stop();
    }
  });
});
