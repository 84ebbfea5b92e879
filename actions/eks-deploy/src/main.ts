import { runMain } from '@aws-delivery/action-kit';
import { eksDeploy } from './action.js';

void runMain(eksDeploy);
