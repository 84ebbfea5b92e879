// The post bundle's entry point: closes the deploy annotation and deletes the bootstrap token.
import { runPost } from '@aws-delivery/action-kit';
import { cleanup } from './cleanup.js';

void runPost('grafana-provision', cleanup);
