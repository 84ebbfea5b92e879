// Property tests of what action-kit does with untrusted text before the runner or the job summary sees it.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseWorkflowCommand, WorkflowCommandReader } from '@aws-delivery/testing';
import { mermaidLabel, quote, table } from '@aws-delivery/action-kit';
import { log } from '../src/log.js';
import { neutralise } from '../src/protocol.js';
import { captureStdout, type CapturedStdout } from './stdout.js';

/** Text built to look like workflow commands: fragments of them joined with line breaks and anything else. */
const commandLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('::', '##[', '::error::', '::add-mask::', '::stop-commands::', ' ', '\t', '%0A', 'x', '\u00a0'),
      fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\u0085'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('untrusted text (properties)', () => {
  let stdout: CapturedStdout;
  beforeEach(() => {
    stdout = captureStdout();
  });
  afterEach(() => stdout.restore());

  it('neutralise leaves no line the runner reads as a command, and changes nothing else', () => {
    fc.assert(
      fc.property(commandLike, (text) => {
        const shown = neutralise(text);
        for (const line of shown.split(/\r\n|\r|\n/)) {
          expect(parseWorkflowCommand(line)).toBeUndefined();
          expect(line.includes('##[')).toBe(false);
        }
        expect(shown.replace(/\u200b/g, '')).toBe(text.replace(/\u200b/g, ''));
      }),
    );
  });

  it('a log line, an annotation or tool output never gives the runner a command of its own', async () => {
    await fc.assert(
      fc.asyncProperty(commandLike, commandLike, async (message, toolLine) => {
        stdout.clear();
        log.info(message);
        log.warning(message, { title: message, file: message });
        await log.toolOutput(async (printLine) => printLine(toolLine));
        log.error('ours');
        const runner = new WorkflowCommandReader();
        runner.write('stdout', stdout.text);
        runner.end();
        expect(runner.annotations.map((a) => [a.level, a.message])).toEqual([
          ['warning', message],
          ['error', 'ours'],
        ]);
        expect(runner.masks).toEqual([]);
      }),
    );
  });

  it('quote keeps any value on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 80 }), (value, max) => {
        expect(quote(value, max)).not.toMatch(/[\r\n\u2028\u2029]/);
      }),
    );
  });

  it('a table row stays one row, and a Mermaid label one label, whatever the text', () => {
    fc.assert(
      fc.property(commandLike, commandLike, (a, b) => {
        const lines = table(['k', 'v'], [[a, b]])
          .trimEnd()
          .split(/\r\n|\r|\n/);
        expect(lines).toHaveLength(3);
        expect(lines[2]!.startsWith('| ')).toBe(true);
        const label = mermaidLabel(a);
        expect(label).not.toMatch(/[\r\n\u2028\u2029\u0085"`:;#<>{}]|%%/);
        expect(label.length).toBeGreaterThan(0);
      }),
    );
  });
});
