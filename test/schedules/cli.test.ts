// `npm run reminders`: the dry run prints the reminders of a date with their groups and touches
// nothing (no request, no file change); --send sends for real and respects the markers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildServices } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { EmbeddedStore } from '../../src/store/index.js';
import { parseCliArgs, previewDate, sendDate } from '../../src/reminders/cli.js';
import { testConfig } from '../support/bot.js';
import { startFake, type FakeServer } from '../platforms/support.js';
import { bind, group, report, wecomBranch } from '../push/support.js';

const run = promisify(execFile);

let fake: FakeServer;
let dir: string;
let keys: string[];

beforeAll(async () => {
  fake = await startFake();
  dir = mkdtempSync(join(tmpdir(), 'djzs-cli-'));
  const store = new EmbeddedStore({ dir });
  keys = [
    (await wecomBranch(store, fake.url, 'wrkA', '甲支部')).key,
    (await wecomBranch(store, fake.url, 'wrkB', '乙支部')).key,
    (await wecomBranch(store, fake.url, 'wrkC', 'committee')).key,
  ];
  await bind(store, group('wrkNone'), '丙支部');
  await report(store, '甲支部', '2026-10-10', [7]);
  await store.close();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.requests.length = 0;
});

function env(): NodeJS.ProcessEnv {
  const { REDIS_URL: _ignored, ...rest } = process.env;
  return { ...rest, DATA_DIR: dir, CAMPAIGN_YEAR: '2026', WECOM_API_BASE: fake.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
}

function snapshot(): string {
  return readdirSync(dir)
    .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}:${readFileSync(join(dir, f), 'utf8').length}`)
    .join('|');
}

describe('reminders CLI', () => {
  it('dry run (spawned): lists the groups of each reminder on the date and changes nothing', async () => {
    const before = snapshot();
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), ['src/cli/reminders.ts', '--date', '2026-11-01'], { env: env() });
    expect(stdout).toContain('2026-11-01 的提醒（北京时间）——预览：不发送，不写入。');
    expect(stdout).toContain('2026-11-01 09:00  总结提高阶段开始  [2026-11-01:phase-start:3]');
    expect(stdout).toContain('→ 3 个群');
    expect(stdout).toMatch(/丙支部 +wecom:wrkNone +❌ 未设置推送/u);
    // 走基层: 甲支部 has done it this half-year, so only 乙, 丙 and the committee.
    const grassroots = stdout.slice(stdout.indexOf('[2026-11-01:grassroots]'));
    expect(grassroots).toContain('→ 3 个群');
    expect(grassroots).not.toContain('甲支部');
    expect(grassroots).toContain('委员会');
    expect(stdout).toContain('【党建助手】');
    for (const k of keys) expect(stdout).not.toContain(k);
    expect(fake.requests).toHaveLength(0);
    expect(snapshot()).toBe(before);
  }, 30_000);

  it('refuses --send on the embedded store unless the service is confirmed stopped', async () => {
    const failed = await run(join('node_modules', '.bin', 'tsx'), ['src/cli/reminders.ts', '--date', '2026-11-12', '--send'], { env: env() }).catch((err: { code: number; stderr: string }) => err);
    expect('code' in failed ? failed.code : 0).toBe(2);
    expect('stderr' in failed ? failed.stderr : '').toContain('--service-stopped');
    expect(fake.requests).toHaveLength(0);
  }, 30_000);

  it('--send sends once and a second --send skips what went out', async () => {
    const services = await buildServices(testConfig({ DATA_DIR: dir, WECOM_API_BASE: fake.url }), silentLogger);
    const lines: string[] = [];
    const out = (l: string): void => void lines.push(l);
    try {
      const now = new Date('2026-11-12T03:00:00Z');
      expect(await sendDate(services, '2026-11-12', now, out)).toBe(0);
      expect(lines.join('\n')).toMatch(/甲支部 +wecom:wrkA +已发送/u);
      expect(lines.join('\n')).toMatch(/丙支部 +wecom:wrkNone +未设置推送，无法送达/u);
      expect(fake.requests).toHaveLength(2);
      lines.length = 0;
      await sendDate(services, '2026-11-12', now, out);
      expect(lines.join('\n')).toMatch(/甲支部 +wecom:wrkA +已发送过，跳过/u);
      expect(fake.requests).toHaveLength(2);
      lines.length = 0;
      await previewDate(services, '2026-11-13', out);
      expect(lines.join('\n')).toContain('这一天没有提醒。');
      expect(lines.join('\n')).toContain('之后的提醒：2026-11-23 09:00');
    } finally {
      await services.store.close();
    }
  });

  it('reads its arguments', () => {
    const now = new Date('2026-11-12T03:00:00Z');
    expect(parseCliArgs([], now)).toEqual({ ok: true, options: { date: '2026-11-12', send: false, serviceStopped: false } });
    expect(parseCliArgs(['--date', '2026-02-30'], now)).toMatchObject({ ok: false });
    expect(parseCliArgs(['--bogus'], now)).toMatchObject({ ok: false });
  });
});
