/** The real runner: workflow commands on stdout and file commands, as GitHub documents them (protocol.ts). */
import { addPath, exportVariable, inputFromRunner, log, setOutput } from '../log.js';
import { mask } from '../mask.js';
import { loadState, saveState } from '../state.js';
import { writeSummary } from '../summary.js';
import type { RunnerIO } from './runner-io.js';

export function processRunner(): RunnerIO {
  return {
    input: inputFromRunner,
    env: process.env,
    log,
    mask,
    setOutput,
    exportVariable,
    addPath,
    saveState,
    loadState,
    writeSummary,
  };
}
