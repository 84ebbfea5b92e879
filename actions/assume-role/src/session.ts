/** STS session shaping: names, tags and the fallbacks AWS's packed-size limit forces. Pure. */

/** RoleSessionName: 2–64 characters of [\w+=,.@-]; anything else becomes '-'. */
export function sanitizeSessionName(name: string): string {
  let cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  if (cleaned.length < 2) cleaned = cleaned.padEnd(2, '-');
  return cleaned;
}

/** Tag values allow letters, digits, spaces and _.:/=+-@ up to 256 characters; keys up to 128. */
export function sanitizeTagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256);
}

export interface SessionTag {
  Key: string;
  Value: string;
}

export interface GitHubContext {
  repository?: string;
  workflow?: string;
  action?: string;
  actor?: string;
  sha?: string;
  ref?: string;
}

/**
 * The tags a session carries, most important first: the repository and commit identify the change; workflow,
 * actor, action and ref add detail and are the first to go when AWS says the packed tags are too large.
 */
export function defaultSessionTags(github: GitHubContext): SessionTag[] {
  const tags: [string, string | undefined][] = [
    ['GitHub', 'Actions'],
    ['Repository', github.repository],
    ['Commit', github.sha],
    ['Workflow', github.workflow],
    ['Actor', github.actor],
    ['Action', github.action],
    ['Branch', github.ref],
  ];
  return tags
    .filter((tag): tag is [string, string] => Boolean(tag[1]))
    .map(([Key, value]) => ({ Key, Value: sanitizeTagValue(value) }));
}

/**
 * The tag sets to try in order when STS answers PackedPolicyTooLarge: everything, then the user's tags with the
 * repository and commit, then none. Consecutive duplicates are dropped.
 */
export function tagFallbacks(github: SessionTag[], custom: SessionTag[]): SessionTag[][] {
  const byKey = (tags: SessionTag[]) => {
    const merged = new Map<string, SessionTag>();
    for (const tag of tags) merged.set(tag.Key, tag);
    return [...merged.values()];
  };
  const essential = github.filter((tag) => tag.Key === 'Repository' || tag.Key === 'Commit');
  const levels = [byKey([...github, ...custom]), byKey([...essential, ...custom]), []];
  return levels.filter((level, i) => i === 0 || JSON.stringify(level) !== JSON.stringify(levels[i - 1]));
}
