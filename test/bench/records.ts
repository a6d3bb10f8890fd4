// Records that grow for years (npm run bench -- --only records): N reports in one branch or
// spread over 100, on either store, then each chat command's time and this process's memory,
// the CSV export over real HTTP (time, bytes, extra RSS while it streams) and, for the embedded
// store, the start-up load of the data directory (wall and CPU time: on a loaded machine the
// process gets a fraction of a core, CPU time is what it would take on an idle one).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBot, buildServices } from '../../src/app.js';
import { exportModule } from '../../src/http/export-route.js';
import { silentLogger } from '../../src/log.js';
import type { Entry } from '../../src/store/embedded-state.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { RedisStore } from '../../src/store/redis.js';
import type { Binding, Report } from '../../src/store/types.js';
import { startApp } from '../platforms/support.js';
import { testConfig, groupMessage } from '../support/bot.js';
import { deletePrefix } from '../support/redis.js';

export interface RecordsOptions {
  store: 'embedded' | 'redis';
  count: number;
  branches: number;
  redisUrl: string;
}

interface Timing {
  command: string;
  ms: number;
  rssDeltaMb: number;
  replyBytes: number;
}

export interface RecordsResult {
  store: 'embedded' | 'redis';
  count: number;
  branches: number;
  seedSeconds: number;
  /** Embedded only: opening the data directory. */
  load?: { wallMs: number; cpuMs: number; entries: number };
  commands: Timing[];
  exportRows: number;
  exportMs: number;
  exportBytes: number;
  exportExtraRssMb: number;
  rssMb: number;
}

const ADMIN = 'bench-admin';
const TEXT = '组织党员到社区开展走基层服务，听取群众意见建议并现场解决实际问题';

function report(i: number, branches: number, perBranch: Map<string, number>): Report {
  const branch = `记录基准第${i % branches}党支部`;
  const id = (perBranch.get(branch) ?? 0) + 1;
  perBranch.set(branch, id);
  const month = String(1 + (i % 11)).padStart(2, '0');
  return {
    id,
    branch,
    reporterId: `u${i % 300}`,
    reporterName: '张三',
    group: { platform: 'wecom', conversationId: `wrkRec${i % branches}` },
    messageId: `wecom:seed-${i}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    date: `2026-${month}-${String(1 + (i % 27)).padStart(2, '0')}`,
    participants: 8,
    criteria: [1 + (i % 25), ...(i % 7 === 0 ? [7] : [])].filter((v, k, a) => a.indexOf(v) === k).sort((a, b) => a - b),
    text: `${TEXT}（第${i}次）`,
  };
}

function bindings(branches: number): Binding[] {
  const at = new Date().toISOString();
  const out: Binding[] = Array.from({ length: branches }, (_, b) => ({
    group: { platform: 'wecom', conversationId: `wrkRec${b}` },
    target: { kind: 'branch', branch: `记录基准第${b}党支部` },
    boundBy: ADMIN,
    boundAt: at,
  }));
  out.push({ group: { platform: 'wecom', conversationId: 'wrkRecCommittee' }, target: { kind: 'committee' }, boundBy: ADMIN, boundAt: at });
  return out;
}

const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;

export async function runRecords(options: RecordsOptions): Promise<RecordsResult> {
  const { count, branches } = options;
  const dir = mkdtempSync(join(tmpdir(), 'djzs-bench-records-'));
  const prefix = `bench:records:${randomUUID()}:`;
  const seedStart = performance.now();
  const perBranch = new Map<string, number>();
  let load: RecordsResult['load'];
  if (options.store === 'embedded') {
    // Seeded as the journal the store itself writes (quicker than N addReport calls).
    const lines: string[] = bindings(branches).map((v) => JSON.stringify({ t: 'bind', v } satisfies Entry));
    for (let i = 0; i < count; i++) lines.push(JSON.stringify({ t: 'report', v: report(i, branches, perBranch) } satisfies Entry));
    writeFileSync(join(dir, 'journal-000000.jsonl'), `${lines.join('\n')}\n`);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const store = new EmbeddedStore({ dir });
    const used = process.cpuUsage(cpu);
    load = { wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), entries: store.loaded.entries };
    await store.close();
  } else {
    const store = new RedisStore({ url: options.redisUrl, prefix });
    for (const b of bindings(branches)) await store.setBinding(b);
    for (let i = 0; i < count; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, count - i) }, (_, j) => {
          const { id: _id, ...body } = report(i + j, branches, perBranch);
          return store.addReport(body);
        }),
      );
    }
    await store.close();
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const config = testConfig(options.store === 'redis' ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: prefix } : { DATA_DIR: dir });
  const services = await buildServices(config, silentLogger);
  const now = new Date('2026-11-05T02:00:00Z');
  const bot = buildBot(services, silentLogger, () => now);
  const commands: Timing[] = [];
  const group0 = { platform: 'wecom' as const, conversationId: 'wrkRec0', senderId: ADMIN, senderIsAdmin: true };
  const committee = { platform: 'wecom' as const, conversationId: 'wrkRecCommittee', senderId: ADMIN, senderIsAdmin: true };
  const run = async (command: string, text: string, over: Parameters<typeof groupMessage>[1]): Promise<void> => {
    // Once to warm up, then the measured run.
    await bot.handle(groupMessage(text, over));
    const before = rssMb();
    const started = performance.now();
    const outcome = await bot.handle(groupMessage(text, over));
    const ms = performance.now() - started;
    commands.push({ command, ms, rssDeltaMb: rssMb() - before, replyBytes: outcome.kind === 'answered' ? Buffer.byteLength(outcome.reply.markdown) : 0 });
  };
  try {
    await run('进度', '进度', group0);
    await run('总结', '总结', group0);
    await run('记录', '记录 20', group0);
    await run('提醒', '提醒', group0);
    await run('汇总', '汇总', committee);
    await run('上报', '上报 昨天组织党员学习', { ...group0, senderId: 'bench-reporter' });

    // The export over real HTTP, streamed; RSS sampled while it runs.
    const app = await startApp([exportModule({ store: services.store, exportTokens: services.exportTokens })], silentLogger);
    let exportMs = 0;
    let exportBytes = 0;
    let exportRows = 0;
    let peak = 0;
    const base = rssMb();
    try {
      const token = services.exportTokens.issue(new Date());
      const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        get(`${app.url}/export/${token}.csv`, (res) => {
          res.on('data', (chunk: Buffer) => {
            exportBytes += chunk.length;
            for (const byte of chunk) if (byte === 0x0a) exportRows += 1;
          });
          res.on('end', resolve);
          res.on('error', reject);
        }).on('error', reject);
      });
      exportMs = performance.now() - started;
      clearInterval(timer);
      peak = Math.max(peak, rssMb());
    } finally {
      await app.close();
    }
    return {
      store: options.store,
      count,
      branches,
      seedSeconds,
      ...(load ? { load } : {}),
      commands,
      exportRows: exportRows - 1, // less the header
      exportMs,
      exportBytes,
      exportExtraRssMb: peak - base,
      rssMb: rssMb(),
    };
  } finally {
    await services.store.close();
    if (options.store === 'redis') await deletePrefix(prefix, options.redisUrl);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function recordLines(r: RecordsResult): string[] {
  const head = `records [store ${r.store}] ${r.count} reports in ${r.branches} branch(es), seeded in ${r.seedSeconds.toFixed(1)} s`;
  const load = r.load ? [`  [store ${r.store}] start-up load: ${r.load.wallMs} ms wall, ${r.load.cpuMs} ms CPU, ${r.load.entries} entries`] : [];
  const cmds = r.commands.map((c) => `  [store ${r.store}] ${c.command}: ${c.ms.toFixed(1)} ms, reply ${c.replyBytes} bytes, RSS ${c.rssDeltaMb >= 0 ? '+' : ''}${c.rssDeltaMb.toFixed(1)} MiB`);
  const exp = `  [store ${r.store}] export: ${r.exportRows} rows, ${(r.exportBytes / 1e6).toFixed(1)} MB in ${(r.exportMs / 1000).toFixed(2)} s, extra RSS while streaming ${r.exportExtraRssMb.toFixed(1)} MiB; process RSS ${r.rssMb.toFixed(0)} MiB`;
  return [head, ...load, ...cmds, exp];
}

export function recordTargets(results: readonly RecordsResult[]): Array<{ what: string; met: boolean; figure: string }> {
  return results.flatMap((r) => {
    const label = `[${r.store}] ${r.count} reports/${r.branches} branch(es)`;
    const slowest = r.commands.reduce((a, b) => (b.ms > a.ms ? b : a), { command: '-', ms: 0, rssDeltaMb: 0, replyBytes: 0 });
    const out = [
      { what: `${label}: every chat command < 100 ms`, met: slowest.ms < 100, figure: `slowest ${slowest.command} ${slowest.ms.toFixed(1)} ms` },
      { what: `${label}: export streams with < 50 MB extra RSS`, met: r.exportExtraRssMb < 50, figure: `${r.exportExtraRssMb.toFixed(1)} MiB, ${r.exportRows} rows` },
    ];
    if (r.load && r.count >= 100_000) out.push({ what: `${label}: start-up < 2 s`, met: r.load.wallMs < 2000, figure: `${r.load.wallMs} ms wall, ${r.load.cpuMs} ms CPU` });
    return out;
  });
}
