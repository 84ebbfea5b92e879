// Opens a demo page in Debian's chromium, headless, driven by playwright-core (which never downloads a browser of
// its own), and waits for mermaid's run to end. Used by `npm run demo` to check its own page and by the browser test.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Quiet, offline, throwaway: no sandbox (runs as root here), no GPU, no background traffic or updates. */
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

export interface OpenedPage {
  browser: BrowserContext;
  tab: Page;
  consoleErrors: string[];
  pageErrors: string[];
  /** What the page set on <body data-mermaid> when mermaid's run ended: 'done' or 'failed'. */
  mermaid: string;
  /** Mermaid blocks in the page, and those that became an SVG. */
  mermaidBlocks: number;
  mermaidSvgs: number;
}

/** Opens `file` with a fresh profile under `workDir`; the caller closes `browser`. */
export async function openPage(file: string, workDir: string, executablePath: string): Promise<OpenedPage> {
  const browser = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const tab = browser.pages()[0] ?? (await browser.newPage());
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  tab.on('pageerror', (error) => pageErrors.push(error.message));
  await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await tab.waitForFunction('document.body.dataset.mermaid !== undefined');
  return {
    browser,
    tab,
    consoleErrors,
    pageErrors,
    mermaid: String(await tab.evaluate('document.body.dataset.mermaid')),
    mermaidBlocks: await tab.locator('pre.mermaid').count(),
    mermaidSvgs: await tab.locator('pre.mermaid > svg').count(),
  };
}
