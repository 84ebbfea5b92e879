// The resources folder and every file read from it stay inside the workspace; what is wrong names the input.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { readResourceFiles } from '../src/resource-files.js';

const DASHBOARD = '{"title":"Web"}';

function layout() {
  const root = mkdtempSync(join(tmpdir(), 'grafana-resources-'));
  const workspace = join(root, 'workspace');
  const outside = join(root, 'elsewhere');
  mkdirSync(join(workspace, 'grafana', 'dashboards'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(workspace, 'grafana', 'dashboards', 'web.json'), DASHBOARD);
  writeFileSync(join(outside, 'stolen.json'), '{"title":"Stolen"}');
  return { workspace, outside };
}

function refusal(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).input).toBe('resources-dir');
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('readResourceFiles', () => {
  it('reads the data files below the folder, with relative paths', () => {
    const { workspace } = layout();
    writeFileSync(join(workspace, 'grafana', 'README.md'), 'not data');
    expect(readResourceFiles(workspace, 'grafana')).toEqual([{ path: 'dashboards/web.json', text: DASHBOARD }]);
  });

  it('follows links that stay in the workspace', () => {
    const { workspace } = layout();
    writeFileSync(join(workspace, 'shared.json'), DASHBOARD);
    symlinkSync(join(workspace, 'shared.json'), join(workspace, 'grafana', 'dashboards', 'shared.json'));
    expect(readResourceFiles(workspace, 'grafana').map((file) => file.path)).toEqual([
      'dashboards/shared.json',
      'dashboards/web.json',
    ]);
  });

  it('refuses a resources folder that a symbolic link leads out of the workspace', () => {
    const { workspace, outside } = layout();
    symlinkSync(outside, join(workspace, 'linked'));
    expect(refusal(() => readResourceFiles(workspace, 'linked')).message).toBe(
      `resources-dir "linked" resolves through a symbolic link to ${JSON.stringify(outside)}, outside the ` +
        `workspace (${workspace}). Fix: give a path inside the workspace.`,
    );
  });

  it('refuses a data file in the folder that links out of the workspace, rather than leave it out', () => {
    const { workspace, outside } = layout();
    symlinkSync(join(outside, 'stolen.json'), join(workspace, 'grafana', 'dashboards', 'stolen.json'));
    expect(refusal(() => readResourceFiles(workspace, 'grafana')).message).toBe(
      'resources-dir "grafana/dashboards/stolen.json" resolves through a symbolic link to ' +
        `${JSON.stringify(join(outside, 'stolen.json'))}, outside the workspace (${workspace}). Fix: give a path ` +
        'inside the workspace.',
    );
  });

  it('names the input when the folder is missing, a file, or a data file is a dangling link', () => {
    const { workspace } = layout();
    expect(refusal(() => readResourceFiles(workspace, 'missing')).message).toMatch(
      /^resources-dir "missing" does not exist\. Fix: check out the repository first/,
    );
    expect(refusal(() => readResourceFiles(workspace, 'grafana/dashboards/web.json')).message).toBe(
      'resources-dir "grafana/dashboards/web.json" is a file, not a folder. Fix: set resources-dir to a folder of the repository.',
    );
    symlinkSync(join(workspace, 'gone.json'), join(workspace, 'grafana', 'dashboards', 'gone.json'));
    expect(refusal(() => readResourceFiles(workspace, 'grafana')).message).toMatch(
      /^resources-dir "grafana\/dashboards\/gone\.json" does not exist\.$/,
    );
  });
});
