import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSarif, sarifJsonChunks, toSarif, withFingerprints } from '../src/index.js';
import { readScannerFixture } from './fixtures.js';
import { variedFindings } from './varied-findings.js';

/**
 * The SARIF SDK's own validator (@microsoft/sarif-multitool, a .NET binary per platform) with its SARIF rules and
 * its GitHub code scanning rules (GHxxxx, e.g. GH2012: every rule needs fullDescription and help). A rule it
 * reports as an error is a log GitHub or another SARIF consumer may reject.
 */
const multitool: string = createRequire(import.meta.url)('@microsoft/sarif-multitool-linux');

function validationErrors(dir: string, log: string): string[] {
  const input = join(dir, 'in.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, log);
  execFileSync(
    multitool,
    ['validate', '--rule-kind', 'Gh;Sarif', input, '-o', output, '--log', 'ForceOverwrite', '-q'],
    {
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    },
  );
  const validation = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[];
  };
  const results = validation.runs[0]!.results ?? [];
  return results
    .filter((r) => r.level === 'error')
    .map((r) => `${r.ruleId}: ${r.message.text ?? (r.message.arguments ?? []).join(' ')}`);
}

describe('SARIF written for GitHub code scanning passes the SARIF SDK validator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sarif-multitool-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the GH2012 error in a rule without fullDescription or help (the validator can fail)', () => {
    const log = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 't', version: '1', rules: [{ id: 'R1' }] } }, results: [] }],
    };
    expect(validationErrors(dir, JSON.stringify(log)).join('\n')).toContain('GH2012');
  });

  it('accepts a log of varied findings, every rule with fullDescription, help text and markdown', () => {
    const entries = variedFindings(60).map((finding) => ({ finding }));
    const tool = { name: 'tfsec-gate', version: '1.2.3', informationUri: 'https://example.invalid/tfsec-gate' };
    const text = [...sarifJsonChunks(entries, tool)].join('');
    expect(validationErrors(dir, text)).toEqual([]);
    const log = toSarif(entries, tool) as {
      runs: { tool: { driver: { version: string; rules: { fullDescription: object; help: object }[] } } }[];
    };
    expect(log.runs[0]!.tool.driver.version).toBe('1.2.3');
    for (const rule of log.runs[0]!.tool.driver.rules) {
      expect(rule.fullDescription).toEqual({ text: expect.any(String) });
      expect(rule.help).toEqual({ text: expect.any(String), markdown: expect.any(String) });
    }
  });

  it('keeps the help of SARIF input when writing it again', () => {
    const drafts = readSarif(readScannerFixture('trivy/config-sarif-report-report.sarif'));
    expect(drafts[0]!.resolution).toBeTruthy();
    const entries = withFingerprints(drafts).map((finding) => ({ finding }));
    const text = JSON.stringify(toSarif(entries, { name: 'tfsec-gate', version: '1.2.3' }));
    expect(validationErrors(dir, text)).toEqual([]);
    expect(text).toContain(JSON.stringify(drafts[0]!.resolution).slice(1, 40));
  });
});
