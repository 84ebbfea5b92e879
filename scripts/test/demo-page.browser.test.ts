// The demo page in a real browser: Debian's chromium, driven headless by playwright-core (which never downloads a
// browser of its own). The page, rendered from fixture summaries, must load without a console or page error and
// mermaid must turn every diagram block into an SVG.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, findBinary } from '@aws-delivery/testing';
import { openPage, type OpenedPage } from '../demo/open-page.js';
import { writePage } from '../demo/render-page.js';
import { FIXTURE_MERMAID_BLOCKS, FIXTURE_STAGES } from './fixtures/demo-stages.js';

describeWithServices(['chromium'], 'the demo page in headless chromium', () => {
  let dir: string;
  let opened: OpenedPage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demo-page-browser-'));
    opened = await openPage(writePage(join(dir, 'site'), FIXTURE_STAGES), dir, findBinary('chromium')!);
  });

  afterAll(async () => {
    await opened?.browser.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tab = () => opened.tab;

  it('loads with no console error and no page error', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.mermaid).toBe('done');
  });

  it('turns every mermaid block into an SVG', async () => {
    expect(opened.mermaidBlocks).toBe(FIXTURE_MERMAID_BLOCKS);
    expect(opened.mermaidSvgs).toBe(FIXTURE_MERMAID_BLOCKS);
    expect(await tab().locator('pre.mermaid:not(:has(> svg))').count()).toBe(0);
  });

  it('keeps the pipeline table in the page, each stage name on one line, however long a result is', async () => {
    const table = await tab().locator('table').first().boundingBox();
    const body = await tab().locator('body').boundingBox();
    expect(table!.x + table!.width).toBeLessThanOrEqual(body!.x + body!.width);
    const names = tab().locator('td.stage a');
    expect(await names.count()).toBe(FIXTURE_STAGES.length);
    const heights = await Promise.all((await names.all()).map(async (name) => (await name.boundingBox())!.height));
    expect(new Set(heights).size).toBe(1);
    // The reason of an intended failure starts below its row's first line, not beside the word.
    const row = tab().locator('tr', { hasText: 'rollback as intended' });
    const link = (await row.locator('td.stage a').boundingBox())!;
    const reason = (await row.locator('.reason').boundingBox())!;
    expect(reason.y).toBeGreaterThanOrEqual(link.y + link.height - 1);
  });

  it('shows the tables and the collapsible sections', async () => {
    expect(await tab().locator('section.stage table td', { hasText: 'dashboard web' }).count()).toBe(1);
    expect(await tab().locator('details > summary', { hasText: 'Role chain' }).count()).toBe(1);
  });
});
