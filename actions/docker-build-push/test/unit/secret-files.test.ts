import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { writeSecretFiles } from '../../src/build/secret-files.js';

describe('writeSecretFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each value 0600 and removes every file it wrote', () => {
    const masked: string[] = [];
    const written = writeSecretFiles(
      dir,
      { npm: 'token-1' },
      { pip: 'PIP_TOKEN' },
      { own: '/user/file' },
      { PIP_TOKEN: 'token-2' },
      (s) => masked.push(s),
    );
    expect(written.secrets.map((s) => s.id)).toEqual(['npm', 'pip', 'own']);
    expect(readdirSync(dir)).toHaveLength(2);
    for (const { path } of written.secrets.slice(0, 2)) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(masked).toEqual(['token-2']);
    written.remove();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when a secret-envs variable is missing after secrets were written', () => {
    expect(() =>
      writeSecretFiles(dir, { npm: 'token-1', other: 'token-3' }, { pip: 'PIP_TOKEN' }, {}, {}, () => undefined),
    ).toThrow(ConfigurationError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when anything else throws after secrets were written', () => {
    const failingMask = () => {
      expect(readdirSync(dir)).toHaveLength(1); // the "secrets" value is on disk when this throws
      throw new Error('mask failed');
    };
    expect(() => writeSecretFiles(dir, { npm: 'token-1' }, { a: 'A' }, {}, { A: 'x' }, failingMask)).toThrow(
      'mask failed',
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
