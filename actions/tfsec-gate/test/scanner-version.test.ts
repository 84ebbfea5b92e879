// What each scanner prints of its version. tfsec's `--version` prints the version alone ("v1.2.3\n", or a sentence
// for a local build: tfsec's own cmd test Test_Flag_Version*); `trivy version --format json` prints an object with
// `Version` (the `version` command's documented json format).
import { describe, expect, it } from '@jest/globals';
import { versionFromOutput } from '../src/install/scanner-version.js';

describe('versionFromOutput', () => {
  it.each([
    ['v1.28.14\n', '1.28.14'],
    ['1.28.14', '1.28.14'],
    ['v1.29.0-rc.1\n', '1.29.0-rc.1'],
    ['You are running a locally built version of tfsec.\n', undefined],
    ['v1.28.14\n::error::injected\n', undefined],
    ['::warning::v1.28.14', undefined],
    ['', undefined],
  ])('tfsec %j -> %j', (stdout, version) => expect(versionFromOutput('tfsec', stdout)).toBe(version));

  it.each([
    ['{"Version":"0.72.0","VulnerabilityDB":{"Version":2}}', '0.72.0'],
    ['{\n  "Version": "v0.58.1"\n}\n', '0.58.1'],
    ['{"Version":"0.72.0\\n::error::injected"}', undefined],
    ['{"Version":72}', undefined],
    ['null', undefined],
    ['Version: 0.72.0', undefined],
  ])('trivy %j -> %j', (stdout, version) => expect(versionFromOutput('trivy', stdout)).toBe(version));
});
