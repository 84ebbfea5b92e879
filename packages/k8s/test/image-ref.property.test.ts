// Property tests of the image reference grammar, which reads untrusted text (inputs, and manifests a pull request
// can change).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatImageRef, ImageRefError, parseImageRef } from '../src/image-ref.js';

/** One control character: C0 (line breaks among them) or DEL. */
const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f))
  .map((code) => String.fromCharCode(code));

const anyText = fc.string({ unit: 'binary', maxLength: 120 });
const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,8}){0,2}$/);
/** A first component without a `.`: with one, the grammar reads it as a registry host. */
const firstComponent = fc.stringMatching(/^[a-z0-9]{1,8}(?:(?:_|__|-{1,2})[a-z0-9]{1,8}){0,2}$/);
const reference = fc.record({
  registry: fc.option(
    fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,10}\.[a-z]{2,6}(?::\d{1,5})?$/),
      fc.constant('localhost:5000'),
      fc.constant('123456789012.dkr.ecr.eu-west-1.amazonaws.com'),
    ),
    { nil: undefined },
  ),
  path: fc
    .tuple(firstComponent, fc.array(component, { maxLength: 2 }))
    .map(([first, rest]) => [first, ...rest].join('/')),
  tag: fc.option(fc.stringMatching(/^\w[\w.-]{0,20}$/), { nil: undefined }),
  digest: fc.option(fc.stringMatching(/^sha256:[a-f0-9]{64}$/), { nil: undefined }),
});

describe('parseImageRef (properties)', () => {
  it('answers any text with a reference or an ImageRefError, and what it accepts it writes back unchanged', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const ref = parseImageRef(text);
          expect(formatImageRef(ref)).toBe(text.trim());
          // Nothing it accepts can carry a line break, a control character or a workflow command into a log line.
          // eslint-disable-next-line no-control-regex -- control characters are what must not be there
          expect(formatImageRef(ref)).not.toMatch(/[\u0000-\u001f\u007f\s]/);
        } catch (error) {
          expect(error).toBeInstanceOf(ImageRefError);
        }
      }),
    );
  });

  it('reads every part of a well-formed reference back', () => {
    fc.assert(
      fc.property(reference, (parts) => {
        const ref = parseImageRef(formatImageRef(parts));
        expect({ registry: ref.registry, path: ref.path, tag: ref.tag, digest: ref.digest }).toEqual(parts);
        expect(ref.repository.startsWith(`${parts.registry ?? 'docker.io'}/`)).toBe(true);
      }),
    );
  });

  it('refuses a well-formed reference with a line break or control character anywhere inside it', () => {
    fc.assert(
      fc.property(reference, controlCharacter, fc.nat(), (parts, control, at) => {
        const text = formatImageRef(parts);
        // Strictly inside: after the first character and before the last.
        const position = 1 + (at % (text.length - 1));
        const hostile = text.slice(0, position) + control + text.slice(position);
        expect(() => parseImageRef(hostile)).toThrow(ImageRefError);
      }),
    );
  });

  it('at either end, trims white space and refuses any other control character', () => {
    fc.assert(
      fc.property(reference, controlCharacter, fc.boolean(), (parts, control, atStart) => {
        const text = formatImageRef(parts);
        const edged = atStart ? control + text : text + control;
        const partsOf = ({ registry, path, tag, digest, repository }: ReturnType<typeof parseImageRef>) => ({
          registry,
          path,
          tag,
          digest,
          repository,
        });
        if (/^\s$/.test(control)) expect(partsOf(parseImageRef(edged))).toEqual(partsOf(parseImageRef(text)));
        else expect(() => parseImageRef(edged)).toThrow(ImageRefError);
      }),
    );
  });
});
