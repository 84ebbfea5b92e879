export { freePort } from '../ports.js';
export { createTestCa, type IssuedCertificate, type TestCa } from '../tls.js';
export { describeWithServices, planServiceBlock, type ServiceBlockPlan } from '../describe-with-services.js';
export {
  missingServices,
  describeMissingServices,
  INSTALL_ALL_SERVICES,
  type MachineProbe,
  type MissingService,
  type ServiceName,
} from './requirements.js';
export type { ServiceHandle } from './service-handle.js';
export { startMoto, type MotoOptions, type MotoRequest, type MotoService } from './moto.js';
export { startSquid, type SquidOptions, type SquidService } from './squid.js';
export { startRegistry, type RegistryOptions, type RegistryService } from './registry.js';
export { startDockerd, type DockerdOptions, type DockerdService } from './dockerd.js';
export { findDockerClient, type DockerClient } from './docker-client.js';
export { findBinary } from './binaries.js';
export { createMotoEksCluster, type MotoEksCluster } from './moto-eks.js';
export { createS3Bucket } from './s3-bucket.js';
