import {
  FindingsFormatError,
  isRecord,
  parseJson,
  readSarif,
  streamTopLevelArray,
  withFingerprints,
  type Finding,
  type FindingDraft,
  type StreamedDocument,
} from '@aws-delivery/findings';
import { ruleAliases } from '../rules/rule-ids.js';
import type { ElementReader } from './element-reader.js';
import { readTfsecJson, tfsecResultReader } from './tfsec-json.js';
import { readTrivyJson, requireScannedTarget, trivyResultReader } from './trivy-json.js';
import { toWorkspacePath, type PathContext } from './workspace-paths.js';

import type { ResultFormat } from './result-formats.js';

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

/**
 * Normalises ids, path and resource in place (100,000 findings must not be copied twice). Paths and resources
 * repeat across findings, so each distinct one is worked out once.
 */
function normaliser(paths: PathContext): (draft: FindingDraft) => FindingDraft {
  const files = new Map<string, string>();
  const resources = new Map<string, string>();
  // Most findings carry one id: their rule's aliases are worked out once per id, without an array per finding.
  const singleIds = new Map<string, ReturnType<typeof ruleAliases>>();
  const aliasesOf = (draft: FindingDraft) => {
    if (draft.ruleAliases.length) return ruleAliases([draft.ruleId, ...draft.ruleAliases]);
    let known = singleIds.get(draft.ruleId);
    if (known === undefined) {
      known = ruleAliases([draft.ruleId]);
      singleIds.set(draft.ruleId, known);
    }
    return known;
  };
  return (draft) => {
    const { ruleId, aliases } = aliasesOf(draft);
    draft.ruleId = ruleId;
    draft.ruleAliases = aliases;
    const raw = draft.location.file;
    let file = files.get(raw);
    if (file === undefined) {
      file = toWorkspacePath(raw, paths);
      files.set(raw, file);
    }
    draft.location.file = file;
    if (draft.resource) {
      let resource = resources.get(draft.resource);
      if (resource === undefined) {
        resource = resourceAddress(draft.resource);
        resources.set(draft.resource, resource);
      }
      draft.resource = resource;
    }
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

/** The top-level array that holds the bulk of each JSON format (SARIF is always parsed whole). */
const BULK_KEY = { 'trivy-json': 'Results', 'tfsec-json': 'results' } as const;

function bulkKeys(format: ResultFormat): string[] {
  return format === 'auto' ? Object.values(BULK_KEY) : format === 'sarif' ? [] : [BULK_KEY[format]];
}

function readDocument(data: unknown, options: ReadOptions): FindingDraft[] {
  const format = options.format === 'auto' ? detectFormat(data, options.source) : options.format;
  return format === 'sarif'
    ? readSarif(data, options.source)
    : format === 'tfsec-json'
      ? readTfsecJson(data, options.source, options.toolVersion)
      : readTrivyJson(data, options.source);
}

/**
 * Reads a streamed document, or returns undefined when it turns out to be SARIF (which is read whole). Otherwise
 * the streamed array is the one its format reads: only that format's key is streamed, and with both keys present
 * nothing is.
 */
function readStreamed(document: StreamedDocument, options: ReadOptions): FindingDraft[] | undefined {
  const format = options.format === 'auto' ? detectFormat(document.shell, options.source) : options.format;
  if (format === 'sarif') return undefined;
  const read: ElementReader =
    format === 'tfsec-json'
      ? tfsecResultReader(document.shell, options.source, options.toolVersion)
      : trivyResultReader(document.shell, options.source);
  const drafts: FindingDraft[] = [];
  let index = 0;
  for (const element of document.elements()) read(element, index++, drafts);
  if (format === 'trivy-json') requireScannedTarget(index, options.source);
  return drafts;
}

/**
 * The drafts of a report. A large tfsec or Trivy report is read element by element (see streamTopLevelArray), so
 * the whole report's object graph never exists at once; the result, and every error, is the same as parsing the
 * whole text first: when anything fails, the whole text is parsed so that a syntax error anywhere still wins.
 */
function readDrafts(content: string, label: string, options: ReadOptions): FindingDraft[] {
  const whole = () => parseJson(content, label, options.source);
  let document: StreamedDocument | undefined;
  try {
    document = streamTopLevelArray(content, bulkKeys(options.format));
  } catch {
    document = undefined; // the shell is not valid JSON: parsing the whole text says where
  }
  if (!document) return readDocument(whole(), options);
  try {
    return readStreamed(document, options) ?? readDocument(whole(), options);
  } catch (error) {
    const data = whole(); // throws the syntax error, if there is one anywhere
    if (error instanceof SyntaxError) return readDocument(data, options);
    throw error;
  }
}

/** Ids, paths and resources normalised, fingerprints added: drafts become findings. */
function findingsOf(drafts: FindingDraft[], paths: PathContext): Finding[] {
  drafts.forEach(normaliser(paths));
  return withFingerprints(drafts);
}

/**
 * Scanner output as findings in the one model: canonical rule ids with aliases, workspace-relative paths,
 * resource addresses, fingerprints. Throws FindingsFormatError on anything unreadable (the caller fails closed).
 */
export function readScanResults(content: string, options: ReadOptions): Finding[] {
  const label = { auto: 'scanner output', 'tfsec-json': 'tfsec JSON', 'trivy-json': 'Trivy JSON', sarif: 'SARIF' }[
    options.format
  ];
  return findingsOf(readDrafts(content, label, options), options.paths);
}

/** The same findings from output already parsed as JSON (readScanResults gives exactly these for its text). */
export function readParsedResults(data: unknown, options: ReadOptions): Finding[] {
  return findingsOf(readDocument(data, options), options.paths);
}
