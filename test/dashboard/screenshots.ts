// npm run screenshots: the dashboard at 360 px (phone, in-app browser) and 1280 px (desktop),
// from a real server with the demo data, into docs/screenshots/ for the README.
import { mkdirSync } from 'node:fs';
import { launchBrowser, scrollTo } from './browser.js';
import { startDemoServer } from './demo-server.js';

const out = new URL('../../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });
const demo = await startDemoServer();
const browser = await launchBrowser();
try {
  const committee = demo.committeeUrl();
  // [file, url, width, full page?, scroll to]
  const shots: Array<[string, string, number, boolean, string?]> = [
    ['dashboard-1280.png', committee, 1280, true],
    ['dashboard-360.png', committee, 360, false],
    ['dashboard-360-matrix.png', committee, 360, false, '#branches'],
    ['branch-360.png', `${committee}/b/${encodeURIComponent('省化学会党支部')}?c=7`, 360, false],
  ];
  for (const [name, url, width, full, anchor] of shots) {
    const { page, problems } = await browser.open(width);
    await page.goto(url, { waitUntil: 'networkidle' });
    if (anchor) await scrollTo(page, anchor);
    await page.screenshot({ path: new URL(name, out).pathname, fullPage: full });
    if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}`);
    process.stdout.write(`docs/screenshots/${name}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  await demo.close();
}
