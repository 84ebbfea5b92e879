import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const XSD = readFileSync(new URL('../schemas/junit/junit-10.xsd', import.meta.url), 'utf8');

/**
 * libxml2's errors for a JUnit XML document checked against the Jenkins xUnit plugin's junit-10.xsd (empty when
 * Jenkins would accept it). Test helper.
 */
export async function junitXsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit-10.xsd', contents: XSD }],
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
