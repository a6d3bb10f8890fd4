// The dashboard in a real browser (Debian's Chromium through playwright-core) against a real
// running server with seeded data, at phone (360 px) and desktop (1280 px) widths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, sidewaysOverflow, styleOf, type Browser } from './browser.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

const XSS_BRANCH = '<img src=x onerror=alert(1)>"onerror=alert(2)支部';
const XSS_TEXT = '<script>alert(3)</script>"onerror=alert(4) 走基层';

const rgb = (hex: string): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoServer({ extra: [{ branch: XSS_BRANCH, reports: [['2026-10-30', [7], 3, XSS_TEXT]] }] });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await demo?.close();
}, 60_000);

for (const width of [360, 1280]) {
  describe(`dashboard at ${width} px`, () => {
    it('shows the timeline and the matrix with cells coloured by record count', async () => {
      const { page, problems } = await browser.open(width);
      await page.goto(demo.committeeUrl(), { waitUntil: 'networkidle' });
      await expect.poll(() => page.title()).toBe('“双强六好”工作看板');
      expect(await page.locator('svg.timeline .tl-today').count()).toBe(2);
      expect(await page.locator('ol.phases li.now').innerText()).toContain('总结提高阶段');

      const row = page.locator('tr', { has: page.locator('th.branch', { hasText: '省化学会党支部' }) });
      const cell = (n: number) => row.locator(`td[data-criterion="${n}"]`);
      expect(await cell(7).innerText()).toBe('2');
      expect(await styleOf(cell(7), 'backgroundColor')).toBe(rgb('#7fb2e5'));
      expect(await styleOf(cell(1), 'backgroundColor')).toBe(rgb('#cfe3f7'));
      expect(await styleOf(cell(4), 'backgroundColor')).toBe(rgb('#f0f2f4'));
      expect(await row.locator('td.light').first().innerText()).toBe('已开展2次');
      expect(await row.locator('td.light.green').first().innerText()).toBe('已开展2次');
      expect(await page.locator('tbody tr').count()).toBe(11);
      // 三会一课 beside 走基层: 支委会 this month (green), the others not yet (amber).
      const lights = row.locator('td.light');
      expect(await lights.allInnerTexts()).toEqual(['已开展2次', '已开1次', '剩56天', '剩25天', '剩56天']);
      expect(await styleOf(lights.nth(1), 'backgroundColor')).toBe(rgb('#e3f6e8'));
      expect(await styleOf(lights.nth(3), 'backgroundColor')).toBe(rgb('#fff4d6'));

      // User text is shown as text, never run.
      expect(await page.locator('th.branch a', { hasText: 'onerror' }).innerText()).toBe(XSS_BRANCH);
      expect(await page.locator('#recent').innerText()).toContain(XSS_TEXT);
      expect(await page.locator('img[src="x"]').count()).toBe(0);

      // Phone: the page itself never scrolls sideways; the matrix scrolls in its own box.
      const overflow = await sidewaysOverflow(page);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('filters by status through the form and opens a branch from a cell', async () => {
      const { page, problems } = await browser.open(width);
      await page.goto(demo.committeeUrl(), { waitUntil: 'networkidle' });
      // The script submits the form on change (no button press needed).
      await Promise.all([page.waitForURL(/status=silent/u), page.selectOption('select[name="status"]', 'silent')]);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('tbody tr').count()).toBe(2);
      expect(await page.locator('tbody th.branch').allInnerTexts()).toEqual(['省林学会党支部', '省气象学会党支部']);
      expect(await page.locator('select[name="status"]').inputValue()).toBe('silent');

      await page.goto(`${demo.committeeUrl()}?standard=2`, { waitUntil: 'networkidle' });
      expect(await page.locator('thead th.std').allInnerTexts()).toEqual(['团结凝聚群众好']);
      const row = page.locator('tr', { has: page.locator('th.branch', { hasText: '省化学会党支部' }) });
      await Promise.all([page.waitForURL(/\/b\/.+\?c=7/u), row.locator('td[data-criterion="7"] a').click()]);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('#activities h2').innerText()).toContain('第7条的活动记录');
      const items = await page.locator('#activities li.activity .text').allInnerTexts();
      expect(items).toEqual(['赴吕梁扶贫点开展科普服务', '组织8名党员到太原化工企业开展走基层服务，调研技术需求']);
      expect(await page.locator('#downloads a').allInnerTexts()).toEqual(['省化学会党支部工作总结（Word）', '省化学会党支部的全部记录（CSV）']);
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('refuses an expired link with a Chinese page', async () => {
      const url = demo.committeeUrl();
      demo.clock.now = new Date(demo.clock.now.getTime() + 25 * 3_600_000);
      const { page, problems } = await browser.open(width);
      try {
        const response = await page.goto(url, { waitUntil: 'networkidle' });
        expect(response?.status()).toBe(403);
        expect(await page.locator('h1').innerText()).toBe('链接已过期');
        expect(await page.locator('body').innerText()).toContain('请在群里重新发送“看板”');
        expect(await page.locator('table').count()).toBe(0);
      } finally {
        demo.clock.now = new Date(demo.clock.now.getTime() - 25 * 3_600_000);
      }
      // The refused document itself is the only 4xx; its stylesheet and script loaded.
      expect(problems.filter((p) => !p.startsWith('http 403: /d/') && !p.includes('status of 403'))).toEqual([]);
      expect(await styleOf(page.locator('h1'), 'color')).toBe(rgb('#b71c1c'));
      await page.close();
    }, 90_000);
  });
}

describe('dashboard in print', () => {
  it('hides the controls and keeps the matrix', async () => {
    const { page, problems } = await browser.open(1280);
    await page.goto(demo.committeeUrl(), { waitUntil: 'networkidle' });
    expect(await page.locator('button[data-print]').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.filters').isVisible()).toBe(false);
    expect(await page.locator('nav.sections').isVisible()).toBe(false);
    expect(await page.locator('table.matrix').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
