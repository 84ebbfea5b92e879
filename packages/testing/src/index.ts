export * from './services/index.js';
export * from './runner/index.js';
export * from './fake-kubernetes/index.js';
export { startFakeFis, FAKE_FIS_REASONS, FAKE_FIS_PHASE_SECONDS } from './fake-fis/index.js';
export type {
  FakeFis,
  FakeFisOptions,
  ExperimentSnapshot,
  FisRequestRecord,
  CloudWatchConfig,
} from './fake-fis/index.js';
export { startFakeGrafana, startFakeAmg, FOLDER_ANNOTATION } from './fake-grafana/index.js';
export type {
  FakeGrafana,
  FakeGrafanaOptions,
  FakeAmg,
  FakeAmgOptions,
  GrafanaVersion,
  GrafanaUi,
  IssuedToken,
} from './fake-grafana/index.js';
export { startFakeCloudFormation, cloudFormationQueryClient, NO_CHANGES_REASON } from './fake-cloudformation/index.js';
export type { FakeCloudFormation, FakeCloudFormationOptions } from './fake-cloudformation/index.js';
export { junitXsdErrors } from './junit-xsd.js';
export { startSilentServer } from './faults/silent-server.js';
export type { SilentServer } from './faults/silent-server.js';
export * from './fault-server/index.js';
export { refusalOf } from './refusal.js';
