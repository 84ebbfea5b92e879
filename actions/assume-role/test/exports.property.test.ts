// Property tests of the credentials and config file writer: whatever STS answers, the files hold exactly the
// profiles asked for, with exactly the values given, or nothing is written.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { planExports } from '../src/exports.js';

/** The INI files as the AWS SDKs read them: `[section]` lines, `key = value` lines split at the first `=`, trimmed. */
function readIni(text: string): Record<string, Record<string, string>> {
  // Maps, so that a section or key named __proto__ (fast-check draws them) is read as one, not as a prototype.
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]*)\]\s*$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!.trim(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0 && current) current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return Object.fromEntries([...sections].map(([name, keys]) => [name, Object.fromEntries(keys)]));
}

/** Any text, control characters and every other code point included. */
const anyValue = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
const credentials = fc.record({
  accessKeyId: anyValue,
  secretAccessKey: anyValue,
  sessionToken: fc.option(anyValue, { nil: undefined }),
});
const profileName = fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/);
// eslint-disable-next-line no-control-regex -- control characters are what the writer refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

describe('planExports writing credential files (properties)', () => {
  it('writes exactly the profiles and values given, or refuses a value with a control character', () => {
    fc.assert(
      fc.property(fc.dictionary(profileName, credentials, { minKeys: 1, maxKeys: 3 }), (profiles) => {
        const values = Object.values(profiles).flatMap((c) => [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? '']);
        const plan = () => planExports({ region: 'eu-west-1', exportEnv: false, profiles, dir: '/job/private' });
        if (values.some((value) => CONTROL.test(value))) {
          expect(plan).toThrow(
            /Refusing to write aws_\w+ into the credentials file: its value holds a control character/,
          );
          return;
        }
        const file = plan().files.find((f) => f.path === '/job/private/credentials')!;
        const expected = Object.fromEntries(
          Object.entries(profiles).map(([name, c]) => [
            name,
            {
              aws_access_key_id: c.accessKeyId.trim(),
              aws_secret_access_key: c.secretAccessKey.trim(),
              ...(c.sessionToken ? { aws_session_token: c.sessionToken.trim() } : {}),
            },
          ]),
        );
        expect(readIni(file.content)).toEqual(expected);
        expect(file.content).not.toMatch(/credential_process/);
      }),
    );
  });

  it('never leaves a value-controlled line in the config file either', () => {
    fc.assert(
      fc.property(profileName, credentials, (profile, c) => {
        const values = [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? ''];
        try {
          const { files } = planExports({
            region: 'eu-west-1',
            exportEnv: false,
            profiles: { [profile]: c },
            dir: '/d',
          });
          const config = readIni(files.find((f) => f.path === '/d/config')!.content);
          expect(config).toEqual({
            [profile === 'default' ? 'default' : `profile ${profile}`]: { region: 'eu-west-1' },
          });
        } catch (error) {
          expect(values.some((value) => CONTROL.test(value))).toBe(true);
          // The message names the key, never the value.
          expect((error as Error).message).toMatch(
            /^Refusing to write aws_(access_key_id|secret_access_key|session_token) into the credentials file: its value holds a control character\.$/,
          );
        }
      }),
    );
  });
});
