// The bundle's entry point, and nothing else: the work is in run(), which tests call with their own deps.
import { runAction } from '@aws-delivery/action-kit';
import { run } from './run.js';

void runAction('hello-world', () => run());
