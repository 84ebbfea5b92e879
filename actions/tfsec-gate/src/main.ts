import { runMain } from '@aws-delivery/action-kit';
import { tfsecGate } from './action.js';

void runMain(tfsecGate);
