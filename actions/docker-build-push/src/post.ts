import { runAction } from '@aws-delivery/action-kit';
import { cleanup } from './cleanup.js';

void runAction('docker-build-push post', () => cleanup());
