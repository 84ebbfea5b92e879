// The post bundle's entry point: removes the job-private Docker config main made.
import { runPost } from '@aws-delivery/action-kit';
import { cleanup } from './cleanup.js';

void runPost('docker-build-push', cleanup);
