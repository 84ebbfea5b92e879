/**
 * What differs between the Grafana versions the fake can play. Each flag names one documented behaviour; the
 * routes read the profile instead of comparing version strings.
 */
export type GrafanaVersion = '9.5' | '10.4' | '11.6' | '12.x';

export interface FeatureToggles {
  /**
   * Nested folders (`parentUid`). Not available on 9.5; a public-preview feature toggle, off by default, on 10.4;
   * generally available and on from 11.0 (grafana/grafana#84631). When off, `parentUid` is ignored.
   */
  nestedFolders?: boolean;
}

export interface Profile {
  version: GrafanaVersion;
  /** What GET /api/health reports as `version`. */
  buildVersion: string;
  commit: string;
  nestedFolders: boolean;
  /** GET /api/dashboards/uid/:uid/versions answers `{ continueToken, versions }` (12.x docs) instead of an array. */
  versionsEnvelope: boolean;
  /** The Kubernetes-style /apis dashboard.grafana.app and folder.grafana.app groups exist. */
  kubernetesApis: boolean;
  /** Changing an alert rule's provenance from `api` to none fails with 500 (grafana/grafana#74558, Grafana 10.x). */
  provenanceApiToNoneFails: boolean;
  /** POST /api/dashboards/db answers with `folderUid` too. */
  saveAnswersFolderUid: boolean;
}

const BUILDS: Record<GrafanaVersion, { build: string; commit: string }> = {
  '9.5': { build: '9.5.21', commit: 'fake95a' },
  '10.4': { build: '10.4.19', commit: 'fake104' },
  '11.6': { build: '11.6.3', commit: 'fake116' },
  '12.x': { build: '12.2.1', commit: 'fake122' },
};

export function profileFor(version: GrafanaVersion, toggles: FeatureToggles = {}): Profile {
  const build = BUILDS[version];
  if (!build) throw new TypeError(`startFakeGrafana: unknown version profile "${String(version)}"`);
  const major = Number(version.split('.')[0]);
  const nestedFolders =
    version === '9.5' ? false : major >= 11 ? (toggles.nestedFolders ?? true) : !!toggles.nestedFolders;
  return {
    version,
    buildVersion: build.build,
    commit: build.commit,
    nestedFolders,
    versionsEnvelope: major >= 12,
    kubernetesApis: major >= 12,
    provenanceApiToNoneFails: major <= 10,
    saveAnswersFolderUid: major >= 11,
  };
}
