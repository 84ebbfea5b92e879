import { runMain } from '@aws-delivery/action-kit';
import { dockerBuildPush } from './action.js';

void runMain(dockerBuildPush);
