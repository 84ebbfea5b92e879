import {
  FindingsFormatError,
  isRecord,
  parseJson,
  readSarif,
  withFingerprints,
  type Finding,
  type FindingDraft,
} from '@aws-delivery/findings';
import { ruleAliases } from '../rules/rule-ids.js';
import { readTfsecJson } from './tfsec-json.js';
import { readTrivyJson } from './trivy-json.js';
import { toWorkspacePath, type PathContext } from './workspace-paths.js';

export const RESULT_FORMATS = ['auto', 'tfsec-json', 'trivy-json', 'sarif'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** Which reader a parsed document needs, from the keys only each format has. */
export function detectFormat(data: unknown, source: string): Exclude<ResultFormat, 'auto'> {
  if (isRecord(data)) {
    if (Array.isArray(data.runs) && typeof data.version === 'string') return 'sarif';
    if ('results' in data) return 'tfsec-json';
    if ('SchemaVersion' in data || 'Results' in data || 'ArtifactName' in data) return 'trivy-json';
  }
  throw new FindingsFormatError(
    'scanner output',
    source,
    'it is neither tfsec JSON ("results"), Trivy JSON ("SchemaVersion", "Results") nor SARIF ("version", "runs")',
  );
}

/** `aws_s3_bucket.logs.logging` (tfsec names the attribute) and `aws_s3_bucket.logs` (Trivy) are one resource. */
const ADDRESS = /^((?:module\.[^.\s]+\.)*(?:data\.)?[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_-]+\.[^.\s[]+(?:\[[^\]]*\])?)/;

export function resourceAddress(resource: string): string {
  return ADDRESS.exec(resource.trim())?.[1] ?? resource.trim();
}

/** Normalises ids, path and resource in place (100,000 findings must not be copied twice). */
function normaliser(paths: PathContext): (draft: FindingDraft) => FindingDraft {
  const files = new Map<string, string>();
  return (draft) => {
    const { ruleId, aliases } = ruleAliases([draft.ruleId, ...draft.ruleAliases]);
    draft.ruleId = ruleId;
    draft.ruleAliases = aliases;
    const raw = draft.location.file;
    let file = files.get(raw);
    if (file === undefined) {
      file = toWorkspacePath(raw, paths);
      files.set(raw, file);
    }
    draft.location.file = file;
    if (draft.resource) draft.resource = resourceAddress(draft.resource);
    return draft;
  };
}

export interface ReadOptions {
  format: ResultFormat;
  source: string;
  paths: PathContext;
  /** The scanner version, when known, for tfsec JSON (which does not print it). */
  toolVersion?: string;
}

/**
 * Scanner output as findings in the one model: canonical rule ids with aliases, workspace-relative paths,
 * resource addresses, fingerprints. Throws FindingsFormatError on anything unreadable (the caller fails closed).
 */
export function readScanResults(content: string, options: ReadOptions): Finding[] {
  const label = { auto: 'scanner output', 'tfsec-json': 'tfsec JSON', 'trivy-json': 'Trivy JSON', sarif: 'SARIF' }[
    options.format
  ];
  const data = parseJson(content, label, options.source);
  const format = options.format === 'auto' ? detectFormat(data, options.source) : options.format;
  const drafts =
    format === 'sarif'
      ? readSarif(data, options.source)
      : format === 'tfsec-json'
        ? readTfsecJson(data, options.source, options.toolVersion)
        : readTrivyJson(data, options.source);
  return withFingerprints(drafts.map(normaliser(options.paths)));
}
