// Property tests of the ARN parser, which reads untrusted text (inputs, and the ARNs STS answers with).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { buildArn, parseArn } from '../src/names/arn.js';

/** One control character: C0 (line breaks among them) or DEL. */
const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f))
  .map((code) => String.fromCharCode(code));

/** Any text: every code point, control characters and lone surrogates included. */
const anyText = fc.string({ unit: 'binary', maxLength: 120 });

const validArn = fc.record({
  partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
  service: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
  accountId: fc.oneof(fc.constant(''), fc.stringMatching(/^\d{12}$/)),
  resource: fc.stringMatching(/^[A-Za-z0-9/_+=,.@:*-]{1,60}$/),
});

describe('parseArn (properties)', () => {
  it('answers any text with an Arn or a ConfigurationError naming the input, never another error', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const arn = parseArn(text, 'role-to-assume');
          expect(buildArn(arn)).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
          expect((error as ConfigurationError).input).toBe('role-to-assume');
        }
      }),
    );
  });

  it('refuses any ARN with a control character, line breaks above all, wherever it is', () => {
    fc.assert(
      fc.property(validArn, controlCharacter, fc.nat(), ({ partition, service, accountId, resource }, control, at) => {
        const arn = `arn:${partition}:${service}::${accountId}:${resource}`;
        const position = at % (arn.length + 1);
        const hostile = arn.slice(0, position) + control + arn.slice(position);
        expect(() => parseArn(hostile)).toThrow(ConfigurationError);
        // The message stays on one line: the value is quoted with its escapes.
        expect(() => parseArn(hostile)).toThrow(/^[^\n\r]*$/);
      }),
    );
  });

  it('reads back what buildArn writes', () => {
    fc.assert(
      fc.property(validArn, (parts) => {
        const arn = { ...parts, region: '' };
        expect(parseArn(buildArn(arn))).toEqual(arn);
      }),
    );
  });
});
