// The injection corpus: every committed bundle run as the runner runs it, with inputs that carry workflow commands
// (`::warning::`, `::add-mask::`, `::stop-commands::`, `::set-output`), line breaks (LF, CR, CRLF), their percent
// escapes (%0A) and file-command delimiter collisions (`EOF`, `ghadelimiter_`, `name=value` lines), must leave no
// command live beyond the action's own and add no output or variable, and the action's own error must still
// be read. Each input is the payload in one run or another: every input at once, only the required ones, and three
// groups of the rest, so that a bad first input does not hide what the others do.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  HOSTILE_TEXT,
  INJECTION_MARK as MARK,
  liveInjections,
  readActionMetadata,
  repoRoot,
  simulateStep,
  stepStages,
  type StageResult,
} from '@aws-delivery/testing';

/** The hostile text, in each input in turn: commands after every kind of line break, and delimiter collisions. */
const PAYLOAD = HOSTILE_TEXT;

const actions = readdirSync(join(repoRoot, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'tsconfig.json')
  .map((entry) => entry.name)
  .filter((name) => {
    try {
      return Boolean(readActionMetadata(name).runs.main);
    } catch {
      return false;
    }
  });

/** The runs of one action: which inputs carry the payload in each. */
function corpusRuns(action: string): { label: string; inputs: Record<string, string> }[] {
  const declared = readActionMetadata(action).inputs;
  const names = Object.keys(declared);
  const required = names.filter((name) => declared[name]?.required === 'true');
  const hostile = (chosen: readonly string[]) => Object.fromEntries(chosen.map((name) => [name, PAYLOAD]));
  const groups = [0, 1, 2].map((group) => names.filter((_, index) => index % 3 === group));
  return [
    { label: 'every input', inputs: hostile(names) },
    { label: 'the required inputs', inputs: hostile(required) },
    ...groups.map((group, index) => ({
      label: `group ${index + 1}: ${group.join(', ')}`,
      inputs: hostile([...new Set([...required, ...group])]),
    })),
  ];
}

describe('the corpus check itself', () => {
  const stage = (lines: string[], masks: string[] = []) =>
    ({
      log: lines.map((text) => ({ stream: 'stdout', text })),
      masks,
      outputs: {},
      env: {},
      state: {},
    }) as unknown as StageResult;

  it('finds a live command the payload made, an injected mask and an injected fence', () => {
    expect(liveInjections(stage(['ok', `::warning::${MARK}-W`]))).toEqual([`::warning::${MARK}-W`]);
    expect(liveInjections(stage([`::stop-commands::${MARK}-S`, '::error::ours']))).toEqual([
      `::stop-commands::${MARK}-S`,
    ]);
    expect(liveInjections(stage([`::add-mask::${MARK}-M`], [`${MARK}-M`]))).toHaveLength(2);
  });

  it('lets through the payload quoted in our own commands, masked, or inside our own fence', () => {
    const fence = '::stop-commands::tool-output-0123';
    const own = [`::error::tfsec-gate: bad input ${MARK}%0A::warning::${MARK}-W`, `::add-mask::${MARK}-value`];
    expect(liveInjections(stage([...own, fence, `::error::${MARK}-E`, '::tool-output-0123::']))).toEqual([]);
  });
});

describe.each(actions)('the injection corpus against the %s bundle', (action) => {
  it.each(corpusRuns(action))(
    '$label',
    async ({ inputs }) => {
      const result = await simulateStep({
        action,
        inputs,
        // Nothing leaves the machine: every proxied request is refused at once.
        env: { HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '' },
        timeoutMs: 60_000,
      });
      for (const [name, stage] of stepStages(result)) {
        expect({ stage: name, injections: liveInjections(stage) }).toEqual({ stage: name, injections: [] });
      }
      // Whatever the payload did, the action's own verdict is read: a failed step has its own error annotation.
      if (result.exitCode !== 0) {
        const own = result.annotations.filter((a) => a.level === 'error' && a.message.startsWith(`${action}: `));
        expect(own).toHaveLength(1);
      }
    },
    120_000,
  );
});
