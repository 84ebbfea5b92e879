import { heading, table, type PostStep, type Step } from '@aws-delivery/action-kit';
import type { Config } from './config.js';

/** The state key under which main tells post whom it greeted. */
export const GREETED = 'greeted';

/** The greeting for one person; pure. */
export function greeting(who: string, shout: boolean): string {
  const text = `Hello, ${who}!`;
  return shout ? text.toUpperCase() : text;
}

/** main: greet, and leave the greeting everywhere a later step or the post step looks. */
export async function run(step: Step<Config, undefined>): Promise<void> {
  const { who, shout } = step.config;
  const text = greeting(who, shout);
  step.log.info(text);
  step.setOutput('greeting', text);
  step.exportVariable('HELLO_WORLD_GREETING', text);
  step.saveState(GREETED, who);
  await step.writeSummary(heading('Hello world'), table(['who', 'greeting'], [[who, text]]));
}

/** post: report what main saved, or that it saved nothing (it failed before greeting). */
export async function post(step: PostStep): Promise<void> {
  const who = step.loadState<string>(GREETED);
  step.log.info(who === undefined ? 'post: main greeted no one' : `post: main greeted ${who}`);
}
