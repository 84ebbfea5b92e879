import { isCalendarDate } from '@aws-delivery/findings';

/**
 * Inline ignore comments in Terraform: `#tfsec:ignore:<id>` and `#trivy:ignore:<id>` (also after `//` or in
 * `/* *\/`), optionally followed by `:exp:YYYY-MM-DD` and `:ws:<workspace>`; several may share a line. A comment
 * applies to the line it ends, or to the first code line below it (and to the whole block when that line opens a
 * `resource`, `data` or `module` block).
 */
export interface InlineIgnore {
  file: string;
  /** The line of the comment. */
  line: number;
  scanner: 'tfsec' | 'trivy';
  /** The rule as written, or `*` for every rule. */
  rule: string;
  /** YYYY-MM-DD as written, when there is an `:exp:`. */
  expires?: string;
  /** Whether `expires` is a real calendar date. */
  expiryValid: boolean;
  workspace?: string;
  /** The code line it applies to. */
  appliesToLine: number;
  /** The address of the block that starts on that line (`aws_s3_bucket.logs`, `module.network`). */
  blockAddress?: string;
  /** The comment as written, for reports. */
  text: string;
}

const TOKEN = /(tfsec|trivy):ignore:([^\s:[\]]+)((?::(?:exp|ws):[^\s:[\]]+)*)/g;
const COMMENT_START = /#|\/\/|\/\*/;
const BLOCK = /^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"|^\s*module\s+"([^"]+)"/;

function isCommentOnly(line: string): boolean {
  return /^\s*(#|\/\/|\/\*|\*)/.test(line);
}

function blockAddress(line: string): string | undefined {
  const match = BLOCK.exec(line);
  if (!match) return undefined;
  if (match[4]) return `module.${match[4]}`;
  return match[1] === 'data' ? `data.${match[2]}.${match[3]}` : `${match[2]}.${match[3]}`;
}

function target(lines: readonly string[], index: number, commentAt: number): number {
  // A comment after code applies to that line.
  if (commentAt > 0 && lines[index]!.slice(0, commentAt).trim() !== '') return index;
  for (let next = index + 1; next < lines.length; next++) {
    const line = lines[next]!;
    if (line.trim() === '' || isCommentOnly(line)) continue;
    return next;
  }
  return index;
}

/** Every inline ignore in one file's text; `file` is the workspace-relative path reports will show. */
export function findInlineIgnores(file: string, text: string): InlineIgnore[] {
  const lines = text.split(/\r?\n/);
  const ignores: InlineIgnore[] = [];
  lines.forEach((line, index) => {
    const commentAt = line.search(COMMENT_START);
    if (commentAt < 0 || !/(tfsec|trivy):ignore:/.test(line)) return;
    const applies = target(lines, index, commentAt);
    const address = blockAddress(lines[applies]!);
    for (const match of line.slice(commentAt).matchAll(TOKEN)) {
      const options = new Map<string, string>();
      for (const [, key, value] of (match[3] ?? '').matchAll(/:(exp|ws):([^\s:[\]]+)/g)) options.set(key!, value!);
      const expires = options.get('exp');
      const workspace = options.get('ws');
      ignores.push({
        file,
        line: index + 1,
        scanner: match[1] as 'tfsec' | 'trivy',
        rule: match[2]!,
        ...(expires !== undefined ? { expires } : {}),
        expiryValid: expires !== undefined && isCalendarDate(expires),
        ...(workspace !== undefined ? { workspace } : {}),
        appliesToLine: applies + 1,
        ...(address ? { blockAddress: address } : {}),
        text: match[0],
      });
    }
  });
  return ignores;
}
