import { ConfigurationError } from '@aws-delivery/action-kit';
import type { GitContext } from './git-context.js';
import { isValidTag } from '@aws-delivery/k8s/image-ref';

/** The kinds of tag computed from the git context, like docker/metadata-action's defaults. */
export const AUTO_TAG_KINDS = ['sha', 'long-sha', 'branch', 'pr', 'semver', 'git-tag', 'latest'] as const;
export type AutoTagKind = (typeof AUTO_TAG_KINDS)[number];

export interface TagPlan {
  tags: string[];
  /** The version the image carries in its OCI labels: the semver, else the branch, PR or short sha. */
  version: string;
  /** Why each tag is there, for the log. */
  reasons: Record<string, string>;
}

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease?: string;
  build?: string;
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseSemVer(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    ...(match[4] ? { prerelease: match[4] } : {}),
    ...(match[5] ? { build: match[5] } : {}),
  };
}

/** A git name made into a valid image tag: invalid characters become `-`, no leading `.`/`-`, at most 128. */
export function sanitizeTag(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

function semverTags(version: SemVer): string[] {
  const full = `${version.major}.${version.minor}.${version.patch}`;
  // `+` is not allowed in a tag; metadata-action writes build metadata with `-` too.
  const exact = `${full}${version.prerelease ? `-${version.prerelease}` : ''}${version.build ? `-${version.build}` : ''}`;
  if (version.prerelease) return [exact];
  const tags = [exact, `${version.major}.${version.minor}`];
  if (version.major > 0) tags.push(String(version.major));
  return tags;
}

export interface TagOptions {
  auto: readonly AutoTagKind[];
  explicit: readonly string[];
}

/** Checks the `auto-tags` input. */
export function parseAutoTags(values: readonly string[]): AutoTagKind[] {
  const kinds: AutoTagKind[] = [];
  for (const value of values) {
    const kind = value.trim().toLowerCase();
    if (kind === 'none') continue;
    if (!(AUTO_TAG_KINDS as readonly string[]).includes(kind)) {
      throw new ConfigurationError(
        `Input "auto-tags" has the value "${value}", but each item must be one of: ${AUTO_TAG_KINDS.join(', ')} ` +
          '(or none). Fix: pick from the listed kinds.',
        'auto-tags',
      );
    }
    kinds.push(kind as AutoTagKind);
  }
  return kinds;
}

/**
 * The tags for this run: the explicit ones, then those computed from the git context. Pure. Fails when no tag
 * results (an image needs at least one tag to be pushed) or an explicit tag is not a valid tag.
 */
export function computeTags(context: GitContext, options: TagOptions): TagPlan {
  const reasons: Record<string, string> = {};
  // In order of addition (an object would put integer-like tags such as "1" first).
  const tags: string[] = [];
  const add = (tag: string, reason: string) => {
    if (tag && !tags.includes(tag)) {
      tags.push(tag);
      reasons[tag] = reason;
    }
  };
  for (const tag of options.explicit) {
    if (!isValidTag(tag)) {
      throw new ConfigurationError(
        `Input "tags" has the item "${tag}", but a tag must be 1-128 letters, digits, _ . or - and must not start ` +
          'with . or -. Fix: correct or remove it.',
        'tags',
      );
    }
    add(tag, 'explicit');
  }
  const auto = new Set(options.auto);
  const short = context.sha.slice(0, 7);
  const branch = /^refs\/heads\/(.+)$/.exec(context.ref)?.[1];
  const gitTag = /^refs\/tags\/(.+)$/.exec(context.ref)?.[1];
  const pr = /^refs\/pull\/(\d+)\//.exec(context.ref)?.[1];
  const semver = gitTag ? parseSemVer(gitTag) : undefined;
  if (auto.has('semver') && semver) for (const tag of semverTags(semver)) add(tag, `semver from git tag ${gitTag}`);
  if (auto.has('git-tag') && gitTag) add(sanitizeTag(gitTag), `git tag ${gitTag}`);
  if (auto.has('branch') && branch) add(sanitizeTag(branch), `branch ${branch}`);
  if (auto.has('pr') && pr) add(`pr-${pr}`, `pull request #${pr}`);
  if (auto.has('latest') && branch && context.defaultBranch && branch === context.defaultBranch) {
    add('latest', `push to the default branch ${branch}`);
  }
  if (auto.has('sha') && short) add(`sha-${short}`, `commit ${context.sha}`);
  if (auto.has('long-sha') && context.sha) add(`sha-${context.sha}`, `commit ${context.sha}`);
  if (tags.length === 0) {
    throw new ConfigurationError(
      `No image tag results from auto-tags (${[...auto].join(', ') || 'none'}) on ${context.ref || 'this ref'} ` +
        'and the tags input is empty. Fix: add tags: or include sha in auto-tags.',
      'tags',
    );
  }
  const version = semver
    ? semverTags(semver)[0]!
    : branch
      ? sanitizeTag(branch)
      : pr
        ? `pr-${pr}`
        : short
          ? `sha-${short}`
          : tags[0]!;
  return { tags, version, reasons };
}
