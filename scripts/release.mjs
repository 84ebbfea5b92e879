// The decisions of a release, for .github/workflows/release.yml (docs/releasing.md): which version, its notes
// from CHANGELOG.md, and whether the major tag (v1) moves. Pure functions; the CLI below only reads files and tags.
// Usage: node scripts/release.mjs plan <tag-or-version>   prints version=, tag=, prerelease= and major-tag= lines
//                                                          (for $GITHUB_OUTPUT; major-tag is empty when v1 stays)
//        node scripts/release.mjs notes <version>          prints that version's CHANGELOG.md section, or fails
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** The version a tag (v1.2.3) or a typed version (1.2.3, v1.2.3-rc.1) names; throws on anything else. */
export function parseVersion(text) {
  const version = String(text).trim().replace(/^v/, '');
  const match = SEMVER.exec(version);
  if (!match) {
    throw new Error(
      `${JSON.stringify(String(text))} is not a release version: use MAJOR.MINOR.PATCH, for example 1.2.0 or 1.2.0-rc.1`,
    );
  }
  return {
    version,
    tag: `v${version}`,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] !== undefined,
  };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The body of a version's section in a Keep a Changelog file (`## [1.2.0] - 2026-12-02`, or without brackets),
 * up to the next `## ` heading or the link references at the end; trimmed. Throws when there is no such section or
 * it is empty: a release must say what it changes.
 */
export function releaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[?${escapeRegExp(version)}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) throw new Error(`CHANGELOG.md has no section for ${version} (a "## [${version}] - DATE" heading)`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /.test(line) || /^\[[^\]]+\]: /.test(line));
  const notes = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  if (notes === '') throw new Error(`CHANGELOG.md's section for ${version} is empty`);
  return notes;
}

/**
 * The major tag (v1) to point at this release, or undefined: never for a pre-release, and not when a higher
 * release of the same major already exists (releasing 1.2.1 after 1.3.0 leaves v1 on 1.3.0).
 */
export function majorTagToMove(version, existingTags) {
  const release = parseVersion(version);
  if (release.prerelease) return undefined;
  const newer = existingTags
    .map((tag) => {
      try {
        return parseVersion(tag);
      } catch {
        return undefined;
      }
    })
    .filter((v) => v && !v.prerelease && v.major === release.major)
    .some((v) => v.minor > release.minor || (v.minor === release.minor && v.patch > release.patch));
  return newer ? undefined : `v${release.major}`;
}

/** The `key=value` lines release.yml writes to $GITHUB_OUTPUT for a release of `requested` (a tag or a version). */
export function releasePlan(requested, existingTags) {
  const release = parseVersion(requested);
  return [
    `version=${release.version}`,
    `tag=${release.tag}`,
    `prerelease=${release.prerelease}`,
    `major-tag=${majorTagToMove(release.version, existingTags) ?? ''}`,
  ].join('\n');
}

function main([command, argument = '']) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (command === 'plan') {
    const tags = execFileSync('git', ['tag', '--list', 'v*'], { cwd: root, encoding: 'utf8' }).split('\n');
    return releasePlan(argument, tags);
  }
  if (command === 'notes') {
    return releaseNotes(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), parseVersion(argument).version);
  }
  throw new Error(`unknown command ${JSON.stringify(String(command))}: use plan or notes`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${main(process.argv.slice(2))}\n`);
  } catch (error) {
    process.stderr.write(`release: ${error.message}\n`);
    process.exit(1);
  }
}
