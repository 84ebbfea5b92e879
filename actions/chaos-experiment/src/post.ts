// The post bundle's entry point: the runner starts it after the job's steps (also when the job failed or was
// cancelled), with main's state as STATE_*.
import { runPost } from '@aws-delivery/action-kit';
import { stopIfRunning } from './cleanup.js';

void runPost('chaos-experiment', stopIfRunning);
