// The demo page in a real browser: Debian's chromium, driven headless by playwright-core (which never downloads a
// browser of its own). The page, rendered from fixture summaries, must load without a console or page error and
// mermaid must turn every diagram block into an SVG.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithServices, findBinary } from '@aws-delivery/testing';
import { chromium, type BrowserContext } from 'playwright-core';
import { writePage } from '../demo/render-page.js';
import { FIXTURE_MERMAID_BLOCKS, FIXTURE_STAGES } from './fixtures/demo-stages.js';

/** Quiet, offline, throwaway: no sandbox (tests run as root), no GPU, no background traffic or updates. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describeWithServices(['chromium'], 'the demo page in headless chromium', () => {
  let dir: string;
  let browser: BrowserContext;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  let mermaidOutcome: unknown;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demo-page-browser-'));
    const page = writePage(join(dir, 'site'), FIXTURE_STAGES);
    // A fresh profile each run (playwright passes it to chromium as --user-data-dir).
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: findBinary('chromium'),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const tab = browser.pages()[0] ?? (await browser.newPage());
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    // The page marks the end of mermaid's run on <body data-mermaid="done|failed">.
    await tab.waitForFunction('document.body.dataset.mermaid !== undefined');
    mermaidOutcome = await tab.evaluate('document.body.dataset.mermaid');
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tab = () => browser.pages()[0]!;

  it('loads with no console error and no page error', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(mermaidOutcome).toBe('done');
  });

  it('turns every mermaid block into an SVG', async () => {
    const blocks = tab().locator('pre.mermaid');
    expect(await blocks.count()).toBe(FIXTURE_MERMAID_BLOCKS);
    expect(await tab().locator('pre.mermaid > svg').count()).toBe(FIXTURE_MERMAID_BLOCKS);
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
