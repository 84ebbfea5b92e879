import {
  ConfigurationError,
  exportVariable,
  heading,
  inputFromRunner,
  loadState,
  log,
  readInputs,
  saveState,
  setOutput,
  table,
  writeSummary,
  type InputSource,
} from '@aws-delivery/action-kit';
import { inputSpec } from './inputs.js';

/** The state key under which main tells post whom it greeted. */
export const GREETED = 'greeted';

/** The greeting for one person; pure. */
export function greeting(who: string, shout: boolean): string {
  const text = `Hello, ${who}!`;
  return shout ? text.toUpperCase() : text;
}

/** Everything main does to the outside world; tests pass their own. */
export interface MainDeps {
  input: InputSource;
  info: (message: string) => void;
  setOutput: (name: string, value: unknown) => void;
  exportVariable: (name: string, value: string) => void;
  saveState: (key: string, value: unknown) => void;
  writeSummary: (...parts: string[]) => Promise<void>;
}

export function mainDeps(): MainDeps {
  return { input: inputFromRunner, info: log.info, setOutput, exportVariable, saveState, writeSummary };
}

/** main: read the inputs, greet, and leave the greeting everywhere a later step or the post step looks. */
export async function run(deps: MainDeps = mainDeps()): Promise<void> {
  const inputs = readInputs(inputSpec, deps.input);
  if (inputs.fail) {
    throw new ConfigurationError(
      'Input "fail" is "true", which makes this action fail on purpose. Fix: set fail: false, or remove it.',
      'fail',
    );
  }
  const text = greeting(inputs.who, inputs.shout);
  deps.info(text);
  deps.setOutput('greeting', text);
  deps.exportVariable('HELLO_WORLD_GREETING', text);
  deps.saveState(GREETED, inputs.who);
  await deps.writeSummary(heading('Hello world'), table(['who', 'greeting'], [[inputs.who, text]]));
}

export interface PostDeps {
  loadState: <T>(key: string) => T | undefined;
  info: (message: string) => void;
}

export function postDeps(): PostDeps {
  return { loadState, info: log.info };
}

/** post: report what main saved, or that it saved nothing (it failed before greeting). */
export async function post(deps: PostDeps = postDeps()): Promise<void> {
  const who = deps.loadState<string>(GREETED);
  deps.info(who === undefined ? 'post: main greeted no one' : `post: main greeted ${who}`);
}
