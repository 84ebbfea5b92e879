/**
 * Multi-document YAML (or JSON) to Kubernetes objects: empty documents and comment-only documents (Helm's
 * `# Source:` blocks) are skipped, `List` kinds are flattened, and every object must have apiVersion, kind and a
 * name. Errors name the file and the document.
 */
import { parseAllDocuments } from 'yaml';
import { isRecord, type KubeObject } from './objects.js';

export interface ManifestObject {
  object: KubeObject;
  /** `path#index` of the document it came from. */
  source: string;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

function checkObject(value: unknown, where: string): KubeObject {
  if (!isRecord(value)) throw new ManifestError(`${where} is not a mapping (a Kubernetes object)`);
  const missing = ['apiVersion', 'kind'].filter((key) => typeof value[key] !== 'string' || value[key] === '');
  if (missing.length) throw new ManifestError(`${where} has no ${missing.join(' and ')}`);
  const metadata = value.metadata;
  if (!isRecord(metadata)) throw new ManifestError(`${where} (${String(value.kind)}) has no metadata`);
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    const hint = typeof metadata.generateName === 'string' ? ' (generateName cannot be applied server-side)' : '';
    throw new ManifestError(`${where} (${String(value.kind)}) has no metadata.name${hint}`);
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    throw new ManifestError(
      `${where} (${String(value.kind)} ${metadata.name}) has a metadata.namespace that is not a string`,
    );
  }
  return value as KubeObject;
}

export function parseManifests(text: string, path: string): ManifestObject[] {
  const result: ManifestObject[] = [];
  // logLevel 'error': the parser's warnings (a collection as a key) would print manifest text past the logger.
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  if (!Array.isArray(documents)) {
    // parseAllDocuments returns an EmptyStream for an empty file.
    return result;
  }
  documents.forEach((document, index) => {
    const where = `${path} document ${index + 1}`;
    if (document.errors.length) {
      throw new ManifestError(`${where}: invalid YAML: ${document.errors[0]?.message.split('\n')[0] ?? ''}`);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias to no anchor, or so many aliases that expanding them would exhaust memory (a "billion laughs").
      throw new ManifestError(`${where}: invalid YAML: ${(error as Error).message}`);
    }
    if (value === null || value === undefined) return;
    if (
      isRecord(value) &&
      typeof value.kind === 'string' &&
      value.kind.endsWith('List') &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item, itemIndex) => {
        result.push({
          object: checkObject(item, `${where} item ${itemIndex + 1}`),
          source: `${path}#${index + 1}.${itemIndex + 1}`,
        });
      });
      return;
    }
    result.push({ object: checkObject(value, where), source: `${path}#${index + 1}` });
  });
  return result;
}
