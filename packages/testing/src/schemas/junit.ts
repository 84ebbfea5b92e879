/**
 * JUnit XML checked the way Jenkins reads it: libxml2's xmllint (a validator we did not write) against the xunit
 * plugin's junit-10.xsd, vendored in packages/testing/schemas with its source. Test helper only; needs the
 * 'xmllint' service (Debian's libxml2-utils).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const JUNIT_XSD = fileURLToPath(new URL('../../schemas/junit-10.xsd', import.meta.url));

/** xmllint's complaints about the document, one per line; empty when the schema accepts it. */
export function junitSchemaProblems(xml: string): string[] {
  const result = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status === 0) return [];
  return result.stderr
    .split('\n')
    .map((line) => line.replace(/^-:\d+: /, '').trim())
    .filter((line) => line !== '' && !/fails to validate$/.test(line));
}
