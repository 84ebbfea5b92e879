// The post bundle's entry point: the runner starts it after the job's steps, with main's state as STATE_*.
import { runPost } from '@aws-delivery/action-kit';
import { cleanup } from './cleanup.js';

void runPost('assume-role', cleanup);
