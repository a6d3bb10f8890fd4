// Debian's Chromium driven by playwright-core (no browser download: the system executable).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  /** A fresh page at this width that records console errors and failed requests. */
  open(width: number): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  /** Console errors, page errors and failed or 4xx/5xx requests seen so far. */
  problems: string[];
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'djzs-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    async open(width) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`http ${r.status()}: ${new URL(r.url()).pathname.slice(0, 40)}`);
      });
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page's globals, typed just enough for the few reads below (the project has no DOM lib). */
interface PageGlobals {
  getComputedStyle(element: unknown): Record<string, string>;
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; querySelector(selector: string): { scrollIntoView(): void } | null };
}

/** A computed CSS property of the first element the locator finds, e.g. 'backgroundColor'. */
export function styleOf(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, p) => (globalThis as unknown as PageGlobals).getComputedStyle(element)[p] ?? '', property);
}

/** How far the document scrolls sideways beyond the viewport (0 when it fits). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return g.document.documentElement.scrollWidth - g.innerWidth;
  });
}

export function scrollTo(page: Page, selector: string): Promise<void> {
  return page.evaluate((s) => (globalThis as unknown as PageGlobals).document.querySelector(s)?.scrollIntoView(), selector);
}
