// The bundle's entry point, and nothing else: the skeleton reads the inputs and runs the action.
import { runMain } from '@aws-delivery/action-kit';
import { chinaRegionDeploy } from './action.js';

void runMain(chinaRegionDeploy);
