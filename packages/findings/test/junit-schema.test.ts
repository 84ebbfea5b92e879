import { describe, it, expect } from '@jest/globals';
import { junitXsdErrors } from '@aws-delivery/testing';
import { toJUnit, type JUnitCase } from '../src/index.js';
import { variedFindings } from './varied-findings.js';

describe('JUnit XML against the Jenkins xUnit plugin schema (junit-10.xsd, xmllint-wasm)', () => {
  it('the validator refuses what the schema forbids (it can fail)', async () => {
    const bad = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites skipped="1"><testsuite name="x"/></testsuites>\n';
    expect((await junitXsdErrors(bad)).join('\n')).toMatch(/skipped|tests/);
  });

  it('accepts a report of varied findings, failed, passed and skipped', async () => {
    const outcomes = ['failed', 'passed', 'skipped'] as const;
    const cases: JUnitCase[] = variedFindings(60).map((finding, i) => ({
      finding,
      outcome: outcomes[i % 3]!,
      ...(i % 2 ? { detail: 'policy says <so> & "that"' } : {}),
    }));
    expect(await junitXsdErrors(toJUnit('tfsec-gate infra', cases))).toEqual([]);
    expect(await junitXsdErrors(toJUnit('empty', []))).toEqual([]);
  });
});
