// The dashboard over real HTTP from a real running server, on both stores: what each link shows,
// what it refuses, the headers, escaping of user text, the rate limit, and that tokens stay out of logs.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMessage } from '../support/bot.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

const XSS_BRANCH = '<script>alert("b")</script>"onerror=alert(1)支部';
const XSS_TEXT = '<img src=x onerror=alert(1)> "onerror=alert(2) <script>alert(3)</script> 走基层';

async function get(url: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

for (const kind of ['embedded', 'redis'] as const) {
  describe(`dashboard over HTTP (${kind} store)`, () => {
    let demo: DemoServer;
    const logLines: string[] = [];

    beforeAll(async () => {
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          logLines.push(chunk.toString('utf8'));
          done();
        },
      });
      demo = await startDemoServer({
        store: kind,
        logger: pino({ level: 'info' }, sink),
        extra: [{ branch: XSS_BRANCH, reports: [['2026-10-30', [7], 3, XSS_TEXT]] }],
      });
    }, 60_000);
    afterAll(async () => demo.close());

    it('shows the committee every branch with security headers and no inline script', async () => {
      const page = await get(demo.committeeUrl());
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toContain('共 11 个支部');
      expect(page.text).toContain('省化学会党支部');
      expect(page.text).toMatch(/<h2>从未上报 <span class="muted">（2）/u);
      expect(page.text).toContain('机器人地址已失效（errcode 93000）');
      for (const column of ['支委会', '党员大会', '党小组会', '党课']) expect(page.text).toContain(`<th rowspan="2" scope="col">${column}</th>`);
      expect(page.text).toMatch(/省医学会党支部<\/a><\/th><td class="light amber"[^>]*>剩56天<\/td><td class="light amber"[^>]*>剩25天<\/td><td class="light amber"[^>]*>剩56天<\/td><td class="light amber"[^>]*>剩25天<\/td><td class="light green"[^>]*>已开1次<\/td>/u);
      expect(page.text.match(/<td class="cell /gu)?.length).toBe(11 * 25);
      // Every <script> is an external file of ours; no inline handlers.
      expect(page.text.match(/<script[^>]*>/gu)).toEqual([expect.stringMatching(/^<script src="\/d\/assets\/dashboard\.js\?v=\w+" defer>$/u)]);
      expect(page.text).not.toMatch(/<[^>]+\son[a-z]+\s*=/u);
      const zipped = await fetch(demo.committeeUrl(), { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(await zipped.text()).toContain('省化学会党支部');
    });

    it('escapes report texts and branch names everywhere', async () => {
      for (const url of [demo.committeeUrl(), `${demo.committeeUrl()}/b/${encodeURIComponent(XSS_BRANCH)}?c=7`]) {
        const page = await get(url);
        expect(page.status).toBe(200);
        expect(page.text).not.toContain('<script>alert');
        expect(page.text).not.toContain('<img src=x');
        expect(page.text).not.toContain('"onerror');
        expect(page.text).toContain('&lt;script&gt;alert(&quot;b&quot;)&lt;/script&gt;&quot;onerror=alert(1)支部');
      }
      const branch = await get(`${demo.committeeUrl()}/b/${encodeURIComponent(XSS_BRANCH)}?c=7`);
      expect(branch.text).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;onerror=alert(2)');
    });

    it('filters by status and standard and sorts', async () => {
      const silent = await get(`${demo.committeeUrl()}?status=silent`);
      expect(silent.text.match(/<tr data-status="silent">/gu)?.length).toBe(2);
      expect(silent.text).not.toMatch(/<tr data-status="(green|amber|red)">/u);
      const standard = await get(`${demo.committeeUrl()}?standard=2`);
      expect(standard.text).toContain('colspan="4" scope="colgroup">团结凝聚群众好');
      expect(standard.text).not.toContain('坚持政治方向好</th>');
      expect(standard.text.match(/<td class="cell /gu)?.length).toBe(11 * 4);
      const byCoverage = await get(`${demo.committeeUrl()}?sort=coverage`);
      const order = [...byCoverage.text.matchAll(/<th class="branch" scope="row"><a [^>]*title="([^"]+)"/gu)].map((m) => m[1]);
      expect(order[0]).toBe('省医学会党支部');
    });

    it('opens one branch with its activities for a criterion', async () => {
      const page = await get(`${demo.committeeUrl()}/b/${encodeURIComponent('省化学会党支部')}?c=7`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('第7条的活动记录');
      expect(page.text).toContain('赴吕梁扶贫点开展科普服务');
      expect(page.text).toContain('组织8名党员到太原化工企业开展走基层服务');
      expect(page.text).not.toContain('召开“双强六好”动员部署会');
      expect(page.text).toContain('走基层（2026年下半年）：已开展2次');
      // 三会一课 of the current periods (November; the fourth quarter).
      expect(page.text).toContain('<span class="light green">支委会：已开1次，截至 2026-11-30</span>');
      expect(page.text).toContain('<span class="light amber">党课：剩56天，截至 2026-12-31</span>');
      expect((await get(`${demo.committeeUrl()}/b/${encodeURIComponent('没有的支部')}`)).status).toBe(404);
    });

    it('keeps a branch link to its own branch', async () => {
      const own = demo.branchUrl('省物理学会党支部');
      const page = await get(own);
      expect(page.status).toBe(200);
      expect(page.text).toContain('省物理学会党支部 · “双强六好”进度');
      expect(page.text).not.toContain('省化学会党支部');
      const other = await get(`${own}/b/${encodeURIComponent('省化学会党支部')}`);
      expect(other.status).toBe(403);
      expect(other.text).toContain('只能查看本支部');
      const csv = await get(`${own}/reports.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.text).toContain('举办物理学科普进校园活动');
      expect(csv.text).not.toContain('省化学会党支部');
      const docx = await fetch(`${own}/summary.docx`);
      expect(docx.headers.get('content-type')).toContain('wordprocessingml');
      expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
      expect((await get(`${own}/reports.xlsx`)).status).toBe(403);
      const xlsx = await fetch(`${demo.committeeUrl()}/reports.xlsx`);
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
      const branchDocx = await fetch(`${demo.committeeUrl()}/b/${encodeURIComponent('省化学会党支部')}/summary.docx`);
      expect(branchDocx.status).toBe(200);
      expect(decodeURIComponent(branchDocx.headers.get('content-disposition') ?? '')).toContain('省化学会党支部双强六好工作总结');
      const all = await get(`${demo.committeeUrl()}/reports.csv`);
      expect(all.text).toContain('省化学会党支部');
      expect(all.text.split('\r\n').filter(Boolean).length).toBe(1 + 32);
    });

    it('refuses expired, forged and rotated-secret links with a Chinese page', async () => {
      const url = demo.committeeUrl();
      demo.clock.now = new Date(demo.clock.now.getTime() + 25 * 3_600_000);
      try {
        const expired = await get(url);
        expect(expired.status).toBe(403);
        expect(expired.headers.get('content-type')).toContain('text/html');
        expect(expired.text).toContain('链接已过期');
        expect(expired.text).not.toContain('省化学会党支部');
        expect((await get(`${url}/reports.csv`)).status).toBe(403);
      } finally {
        demo.clock.now = new Date(demo.clock.now.getTime() - 25 * 3_600_000);
      }
      const forged = await get(`${demo.base}/d/eyJzIjoiYyJ9.abc`);
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('链接无效');
    });

    it('rate-limits by token', async () => {
      const url = demo.branchUrl('省林学会党支部');
      const statuses: number[] = [];
      for (let i = 0; i < 70; i += 1) statuses.push((await fetch(`${url}/reports.csv`)).status);
      expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
      expect(statuses).toContain(429);
      expect((await get(demo.branchUrl('省林学会党支部'))).status).toBe(200);
    }, 60_000);

    it('sends the links from 看板 (committee group only) and 进度, and never logs a token', async () => {
      const { store } = demo.service.services;
      await store.setBinding({ group: { platform: 'console', conversationId: 'committee' }, target: { kind: 'committee' }, boundBy: 'test', boundAt: '2026-09-01T00:00:00Z' });
      await store.setBinding({ group: { platform: 'console', conversationId: 'chem' }, target: { kind: 'branch', branch: '省化学会党支部' }, boundBy: 'test', boundAt: '2026-09-01T00:00:00Z' });
      const say = async (text: string, conversationId: string): Promise<string> => {
        const out = await demo.service.bot.handle(groupMessage(text, { conversationId, senderId: 'admin' }));
        return out.kind === 'answered' ? out.reply.markdown : '';
      };
      const board = await say('看板', 'committee');
      const boardUrl = /http:\/\/\S+\/d\/[\w.-]+/u.exec(board)?.[0] ?? '';
      expect(board).toContain('24 小时内有效');
      expect(await say('dashboard', 'chem')).toContain('委员会');
      const progress = await say('进度', 'chem');
      const progressUrl = /http:\/\/\S+\/d\/[\w.-]+/u.exec(progress)?.[0] ?? '';
      const port = demo.service.port;
      const local = (u: string): string => u.replace(/^http:\/\/[^/]+/u, `http://127.0.0.1:${port}`);
      expect((await get(local(boardUrl))).text).toContain('共 11 个支部');
      expect((await get(local(progressUrl))).text).toContain('省化学会党支部 · “双强六好”进度');
      const tokens = [boardUrl, progressUrl].map((u) => u.split('/d/')[1] ?? '');
      const logs = logLines.join('');
      expect(logs).toContain('"path":"/d/…"');
      for (const t of tokens) expect(logs).not.toContain(t.slice(0, 24));
    });
  });
}
