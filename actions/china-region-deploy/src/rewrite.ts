/**
 * The partition rewrite of one template: its lint, the rewritten text (the source edited at the findings' places,
 * comments and formatting kept) and the unified diff between the two.
 */
import { lintTemplate, type LintOptions, type PartitionFinding } from './partition-lint.js';
import { applyEdits, unifiedDiff } from './text-edits.js';
import { parseTemplate } from './template-source.js';

export interface RewriteResult {
  findings: PartitionFinding[];
  /** The template with every `rewrite` finding fixed; the source itself when there is none. */
  text: string;
  /** Unified diff from the source to `text`; empty when nothing was rewritten. */
  diff: string;
  /** True when a finding's outcome is `fail`. */
  failed: boolean;
}

export function rewriteTemplate(source: string, file: string, options: LintOptions): RewriteResult {
  const template = parseTemplate(source, file);
  const { findings, edits } = lintTemplate(template, options);
  const text = applyEdits(source, edits);
  // The rewritten text must still be a template: a broken edit shows here, not at deploy time.
  if (edits.length > 0) parseTemplate(text, file);
  return {
    findings,
    text,
    diff: edits.length === 0 ? '' : unifiedDiff(source, text, { fromFile: `a/${file}`, toFile: `b/${file}` }),
    failed: findings.some((finding) => finding.outcome === 'fail'),
  };
}
