import { runAction } from '@aws-delivery/action-kit';
import { cleanup } from './cleanup.js';

void runAction('assume-role post', () => cleanup());
