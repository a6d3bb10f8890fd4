// Export links across processes: without EXPORT_SECRET the secret is generated once and kept with
// the data, so a link made by `npm run chat` opens on the server that uses the same data; a bad
// link gets a Chinese page; the CSV shows Shanghai times and is named by the Shanghai date.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServices } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';
import { shanghaiDate } from '../../src/time.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix, freePort, TEST_REDIS_URL } from '../support/redis.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'djzs-export-link-'));
const PREFIX = `test:export-link:${randomUUID()}:`;

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await deletePrefix(PREFIX);
});

describe('export links without EXPORT_SECRET', { timeout: 90_000 }, () => {
  it('a link made by npm run chat opens on the server on the same DATA_DIR, with Shanghai times', async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: String(port), SCHEDULES_ENABLED: 'false', LOG_LEVEL: 'error' };
    const chat = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/chat.ts'], { cwd: ROOT, env, input: '绑定 委员会\n导出\n', encoding: 'utf8', timeout: 60_000 });
    expect(chat.status, chat.stderr).toBe(0);
    const link = /http:\/\/localhost:(\d+)(\/export\/[\w.-]+\.csv)/u.exec(chat.stdout);
    expect(link, chat.stdout).not.toBeNull();
    expect(link?.[1]).toBe(String(port));

    const service = await startService(testConfig({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }), silentLogger);
    try {
      // 02:47 on 12-02 in Shanghai is still 12-01 in UTC.
      await service.services.store.addReport({
        branch: '省化学会党支部',
        reporterId: 'zhangsan',
        group: { platform: 'wecom', conversationId: 'wrkA' },
        messageId: 'late-night',
        receivedAt: '2026-12-01T18:47:32.000Z',
        date: '2026-12-01',
        criteria: [7],
        text: '夜里上报的活动',
      });
      const before = shanghaiDate(new Date());
      const res = await fetch(`http://127.0.0.1:${port}${link?.[2] ?? ''}`);
      const after = shanghaiDate(new Date());
      expect(res.status).toBe(200);
      const csv = await res.text();
      expect(csv).toContain('上报时间（北京时间）');
      expect(csv).toContain(',2026-12-02 02:47:32');
      expect(csv).not.toContain('2026-12-01T18:47:32');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect([`attachment; filename="reports-${before}.csv"`, `attachment; filename="reports-${after}.csv"`]).toContain(disposition);

      const refused = await fetch(`http://127.0.0.1:${port}/export/bm90LWEtdG9rZW4.c2lnbmF0dXJl.csv`);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('text/html');
      const page = await refused.text();
      expect(page).toContain('链接无效或已过期');
      expect(page).toContain('重新发送“导出”');
      expect(page).not.toMatch(/invalid|expired/i);
    } finally {
      await service.stop();
    }
  });

  it('two processes on one Redis sign alike; an EXPORT_SECRET of their own does not', async () => {
    const redisEnv = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: PREFIX };
    const a = await buildServices(testConfig(redisEnv), silentLogger);
    const b = await buildServices(testConfig(redisEnv), silentLogger);
    const other = await buildServices(testConfig({ ...redisEnv, EXPORT_SECRET: 'a-secret-of-its-own-0123456789' }), silentLogger);
    try {
      const now = new Date();
      expect(b.exportTokens.verify(a.exportTokens.issue(now), now)).toBe(true);
      expect(b.dashboardLinks.check(a.dashboardLinks.issue({ kind: 'committee' }, now), now).ok).toBe(true);
      expect(other.exportTokens.verify(a.exportTokens.issue(now), now)).toBe(false);
    } finally {
      for (const s of [a, b, other]) await s.store.close();
    }
  });
});
