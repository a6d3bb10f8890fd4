// Renders a sample branch summary (.docx, with photos) for the README: the real store, photo
// directory and Word writer; photos are drawn by Chromium. Needs /usr/bin/chromium, LibreOffice
// (soffice) and poppler (pdftoppm): apt-get install chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils
//   npx tsx test/reports/render-summary.ts [out-dir]   → out-dir/summary.docx, summary-1.png …
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { branchSummaryFile } from '../../src/reports/files.js';
import { DirectoryPhotoFiles } from '../../src/reports/photo-store.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import type { PhotoRef } from '../../src/store/types.js';

const out = resolve(process.argv[2] ?? 'docs/render');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'djzs-summary-'));
const store = new EmbeddedStore({ dir });
const files = new DirectoryPhotoFiles(join(dir, 'files'), 10 * 1024 * 1024);
const branch = '省化学会党支部';
const group = { platform: 'wecom' as const, conversationId: 'demo' };

// Two "photos": coloured scenes with a caption, rendered as PNG.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
async function photo(caption: string, colour: string): Promise<PhotoRef> {
  await page.setContent(`<body style="margin:0;background:linear-gradient(135deg,${colour},#fff);font:32px 'Noto Sans CJK SC';display:flex;align-items:center;justify-content:center;height:300px">${caption}</body>`);
  const bytes = await page.screenshot({ type: 'png' });
  const file = await files.save(bytes, 'image/png');
  return { file, type: 'image/png', bytes: bytes.length, addedAt: '2026-11-03T06:00:00.000Z', addedBy: 'wecom:sec' };
}
const photos = [await photo('走基层 · 企业调研', '#c62828'), await photo('座谈会现场', '#1565c0')];
await browser.close();

const reports: Array<[string, number[], number, string, PhotoRef[]?]> = [
  ['2026-07-12', [7], 8, '组织8名党员到太原化工企业开展走基层服务，调研技术需求', photos],
  ['2026-09-15', [1, 2], 12, '召开“双强六好”动员部署会，传达科技社团党委通知'],
  ['2026-09-28', [3, 22], 11, '召开支部党员大会，书记讲党课《学习党章 遵守党章》'],
  ['2026-10-10', [5], 9, '邀请学会非党员理事长参加主题党日活动'],
  ['2026-10-20', [10, 11], 30, '举办青年化学科技工作者学术沙龙'],
  ['2026-11-03', [3, 22], 5, '召开支部委员会会议，研究发展党员工作'],
];
let n = 0;
for (const [date, criteria, participants, text, attached] of reports) {
  n += 1;
  await store.addReport({ branch, reporterId: 'wecom:sec', reporterName: '王书记', group, messageId: `demo-${n}`, receivedAt: `${date}T04:00:00Z`, date, criteria, participants, text, ...(attached ? { photos: attached } : {}) });
}
const docx = await branchSummaryFile(store, loadKnowledge({ campaignYear: 2026 }), branch, '2026-11-10', files);
await store.close();
writeFileSync(join(out, 'summary.docx'), docx);
execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, join(out, 'summary.docx')], { stdio: 'ignore' });
execFileSync('pdftoppm', ['-png', '-r', '80', join(out, 'summary.pdf'), join(out, 'summary')]);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`wrote ${out}/summary.docx and its pages as PNG\n`);
