import { runMain } from '@aws-delivery/action-kit';
import { assumeRole } from './action.js';

void runMain(assumeRole);
