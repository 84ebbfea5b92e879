import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { majorTagToMove, parseVersion, releaseNotes, releasePlan } from '../release.mjs';
import { expressionsInScripts, root, unpinnedActions } from './action-rules.js';

// The release process (docs/releasing.md): scripts/release.mjs decides, .github/workflows/release.yml acts.

describe('parseVersion', () => {
  it('reads a tag or a typed version', () => {
    expect(parseVersion('v1.2.3')).toEqual({
      version: '1.2.3',
      tag: 'v1.2.3',
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: false,
    });
    expect(parseVersion('2.0.0-rc.1')).toMatchObject({ tag: 'v2.0.0-rc.1', major: 2, prerelease: true });
  });

  it('drops blanks around a typed version', () => {
    expect(parseVersion(' 1.2.3 ').version).toBe('1.2.3');
  });

  it.each(['1.2', 'v1', '01.2.3', 'main', '1.2.3;rm -rf /', 'vv1.2.3', ''])('rejects %j', (text) => {
    expect(() => parseVersion(text)).toThrow('is not a release version');
  });

  it('quotes a rejected input as JSON, so a line break in it cannot start a workflow command', () => {
    expect(() => parseVersion('x\n::error::y')).toThrow('"x\\n::error::y" is not a release version');
  });
});

describe('releaseNotes', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- coming',
    '',
    '## [1.1.0] - 2027-01-05',
    '',
    '### Fixed',
    '',
    '- a fix',
    '',
    '## 1.0.1 - 2027-01-01',
    '',
    '## [1.0.0] - 2026-12-02',
    '',
    '- first',
    '',
    '[Unreleased]: https://github.com/my-org/aws-delivery-actions/compare/v1.1.0...HEAD',
    '[1.1.0]: https://github.com/my-org/aws-delivery-actions/releases/tag/v1.1.0',
  ].join('\n');

  it("returns the version's section up to the next version", () => {
    expect(releaseNotes(changelog, '1.1.0')).toBe('### Fixed\n\n- a fix');
  });

  it('stops at the link references after the last section', () => {
    expect(releaseNotes(changelog, '1.0.0')).toBe('- first');
  });

  it('fails when the version has no section, or an empty one', () => {
    expect(() => releaseNotes(changelog, '1.2.0')).toThrow('CHANGELOG.md has no section for 1.2.0');
    expect(() => releaseNotes(changelog, '1.0.1')).toThrow("CHANGELOG.md's section for 1.0.1 is empty");
  });

  it('does not take 1.1.0 for 1.1.0-rc.1, nor a dot for any character', () => {
    expect(() => releaseNotes(changelog, '1.1.0-rc.1')).toThrow('no section for 1.1.0-rc.1');
    expect(() => releaseNotes(changelog.replace('[1.1.0]', '[1x1x0]'), '1.1.0')).toThrow('no section');
  });
});

describe('majorTagToMove', () => {
  it('moves v1 to the newest release of major 1', () => {
    expect(majorTagToMove('1.3.0', ['v1', 'v1.0.0', 'v1.2.5', ''])).toBe('v1');
    expect(majorTagToMove('2.0.0', ['v1', 'v1.9.9'])).toBe('v2');
  });

  it('leaves it where it is for an older patch release or a pre-release', () => {
    expect(majorTagToMove('1.2.1', ['v1.3.0'])).toBeUndefined();
    expect(majorTagToMove('1.3.0', ['v1.3.1'])).toBeUndefined();
    expect(majorTagToMove('1.4.0-rc.1', ['v1.3.0'])).toBeUndefined();
    expect(majorTagToMove('1.3.0', ['v1.4.0-rc.1', 'v2.0.0'])).toBe('v1');
  });
});

describe('releasePlan', () => {
  it('is the $GITHUB_OUTPUT lines release.yml reads', () => {
    expect(releasePlan('v1.2.0', ['v1.1.0'])).toBe('version=1.2.0\ntag=v1.2.0\nprerelease=false\nmajor-tag=v1');
    expect(releasePlan('1.2.0-rc.1', [])).toBe('version=1.2.0-rc.1\ntag=v1.2.0-rc.1\nprerelease=true\nmajor-tag=');
  });
});

describe('CHANGELOG.md', () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const versions = [...changelog.matchAll(/^## \[(\d[^\]]*)\] - (\S+)$/gm)].map((m) => ({
    version: m[1] ?? '',
    date: m[2] ?? '',
  }));

  it('has an Unreleased section first and a dated 1.0.0 section', () => {
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf('## [1.0.0]'));
    expect(versions.map((v) => v.version)).toContain('1.0.0');
  });

  it('gives every version a date, notes and a link', () => {
    for (const { version, date } of versions) {
      expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(releaseNotes(changelog, version).length).toBeGreaterThan(0);
      expect(changelog).toContain(
        `[${version}]: https://github.com/my-org/aws-delivery-actions/releases/tag/v${version}`,
      );
    }
  });

  it('describes the four actions in 1.0.0', () => {
    const notes = releaseNotes(changelog, '1.0.0');
    for (const action of ['assume-role', 'docker-build-push', 'tfsec-gate', 'eks-deploy']) {
      expect(notes).toContain(`**${action}**`);
    }
  });
});

describe('.github/workflows/release.yml', () => {
  type Step = { uses?: string; run?: string; env?: Record<string, string> };
  type Job = { permissions?: Record<string, string>; steps: Step[]; needs?: string };
  const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')) as {
    on: { push: { tags: string[] }; workflow_dispatch: { inputs: Record<string, { required: boolean }> } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const jobs = Object.entries(workflow.jobs);
  const scripts = jobs.flatMap(([, job]) => job.steps.map((step) => step.run ?? '')).join('\n');

  it('runs on a v*.*.* tag and by hand with a required version', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*']);
    expect(workflow.on.workflow_dispatch.inputs.version?.required).toBe(true);
  });

  it('reads by default and writes contents only in the job that runs no action', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const writing = jobs.filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'));
    expect(writing.map(([id]) => id)).toEqual(['release']);
    expect(workflow.jobs.release?.permissions).toEqual({ contents: 'write' });
    expect(workflow.jobs.release?.steps.filter((step) => step.uses)).toEqual([]);
    expect(workflow.jobs.release?.needs).toBe('verify');
  });

  it('pins every action by full commit SHA and keeps expressions out of its scripts', () => {
    expect(unpinnedActions(workflow)).toEqual([]);
    expect(jobs.flatMap(([, job]) => job.steps.filter((s) => s.uses)).length).toBeGreaterThan(0);
    expect(expressionsInScripts(workflow)).toEqual([]);
  });

  it('takes the notes from CHANGELOG.md, runs .ci/run, creates the release and moves the major tag', () => {
    expect(scripts).toContain('node scripts/release.mjs notes "$VERSION"');
    expect(scripts).toContain('bash .ci/run');
    expect(scripts).toContain('gh release create "$TAG" --target "$COMMIT"');
    expect(scripts).toMatch(/gh api --method PATCH "repos\/\$GH_REPO\/git\/refs\/tags\/\$MAJOR_TAG" .*force=true/);
  });
});

describe('unpinnedActions and expressionsInScripts', () => {
  const workflow = {
    jobs: {
      a: {
        steps: [
          { uses: 'actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803' },
          { uses: 'actions/checkout@v6' },
          { uses: './local-action' },
          { uses: 'actions/checkout@d23441a' },
          { run: 'echo "${{ github.head_ref }}"' },
          { run: 'echo "$REF"', env: { REF: '${{ github.head_ref }}' } },
        ],
      },
      b: { uses: 'my-org/wf/.github/workflows/x.yml@main' },
    },
  };

  it('name each tag or short SHA reference, and each expression inside a script', () => {
    expect(unpinnedActions(workflow)).toEqual([
      'jobs.a.steps[1]: uses: actions/checkout@v6 is not pinned to a full commit SHA',
      'jobs.a.steps[3]: uses: actions/checkout@d23441a is not pinned to a full commit SHA',
      'jobs.b: uses: my-org/wf/.github/workflows/x.yml@main is not pinned to a full commit SHA',
    ]);
    expect(expressionsInScripts(workflow)).toEqual([
      'jobs.a.steps[4]: run: holds a ${{ }} expression; pass the value through env: instead',
    ]);
  });
});
