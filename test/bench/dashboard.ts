// The dashboard page for many branches and records, on both stores (npm run bench:dashboard).
// Seeds through the real store of a real running server, then prints, per store: the time to
// read the aggregates, to render the HTML, and the whole request over loopback (median and p95).
//
//   npm run bench:dashboard                                   1,000 branches, 100,000 records
//   npm run bench:dashboard -- --branches 100 --records 5000  smaller
//   npm run bench:dashboard -- --only redis
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startService } from '../../src/service.js';
import { silentLogger } from '../../src/log.js';
import { readDashboard } from '../../src/dashboard/data.js';
import { MEETING_KINDS } from '../../src/knowledge/activity.js';
import { committeePage } from '../../src/dashboard/render.js';
import { parseQuery, select, toRow, cadenceColumns } from '../../src/dashboard/view.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/redis.js';
import { NOW, TODAY } from '../dashboard/seed.js';
import type { Entry } from '../../src/store/embedded-state.js';
import type { Binding, Report, Store } from '../../src/store/types.js';

const { values: cli } = parseArgs({
  options: {
    branches: { type: 'string', default: '1000' },
    records: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
const BRANCHES = Number(cli.branches);
const RECORDS = Number(cli.records);
const REQUESTS = Number(cli.requests);

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

interface Data {
  reports: Report[];
  /** Branches that never report: bound only. */
  silent: Binding[];
}

function generate(): Data {
  const dates = ['2026-03-10', '2026-05-20', '2026-07-08', '2026-09-15', '2026-09-28', '2026-10-12', '2026-10-25', '2026-11-02'];
  const perBranch = Math.floor(RECORDS / BRANCHES);
  const data: Data = { reports: [], silent: [] };
  let n = 0;
  for (let b = 0; b < BRANCHES; b += 1) {
    const branch = `压测学会${String(b).padStart(4, '0')}党支部`;
    const group = { platform: 'wecom' as const, conversationId: `bench-${b}` };
    // One branch in twenty never reports.
    if (b % 20 === 19) {
      data.silent.push({ group, target: { kind: 'branch', branch }, boundBy: 'bench', boundAt: '2026-09-01T00:00:00Z' });
      continue;
    }
    for (let i = 0; i < perBranch; i += 1, n += 1) {
      data.reports.push({
        id: i + 1,
        branch,
        reporterId: `u${n % 7}`,
        group,
        messageId: `bench-${n}`,
        receivedAt: '2026-11-01T02:00:00Z',
        date: dates[n % dates.length] ?? '2026-10-01',
        criteria: [...new Set([(n % 25) + 1, ...(n % 3 === 0 ? [7] : [])])].sort((x, y) => x - y),
        participants: 5 + (n % 20),
        text: `第${n}次活动：组织党员学习并开展服务 <b>"测试"</b>`,
        // Every fifth record a 三会一课 meeting, as 上报 stores the kind it read.
        ...(n % 5 === 0 ? { meeting: MEETING_KINDS[(n / 5) % MEETING_KINDS.length] } : {}),
      });
    }
  }
  return data;
}

/** Redis: every record through the real addReport, 32 at a time. */
async function seedThroughStore(store: Store, data: Data): Promise<void> {
  const jobs: Array<() => Promise<unknown>> = [
    ...data.silent.map((binding) => () => store.setBinding(binding)),
    ...data.reports.map(({ id: _id, ...report }) => () => store.addReport(report)),
  ];
  let at = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (at < jobs.length) {
        const job = jobs[at++];
        if (job) await job();
      }
    }),
  );
}

/**
 * Embedded: the records written as one journal file in the store's own entry format, loaded by
 * the server at start (quicker to seed than 100,000 addReport calls).
 */
function seedEmbeddedFile(dir: string, data: Data): void {
  const entries: Entry[] = [...data.silent.map((v): Entry => ({ t: 'bind', v })), ...data.reports.map((v): Entry => ({ t: 'report', v }))];
  writeFileSync(join(dir, 'journal-000000.jsonl'), entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
}

async function run(kind: 'embedded' | 'redis'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'djzs-bench-dash-'));
  const prefix = `bench:${randomUUID()}:`;
  const env: Record<string, string> = kind === 'redis' ? { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix } : { DATA_DIR: dir };
  const data = generate();
  let started = process.hrtime.bigint();
  if (kind === 'embedded') seedEmbeddedFile(dir, data);
  const service = await startService(testConfig({ PORT: '0', HOST: '127.0.0.1', EXPORT_SECRET: 'bench-secret-0123456789abcdef', ...env }), silentLogger, { now: () => NOW });
  try {
    process.stdout.write(`store=${kind}\n`);
    const { store, knowledge, dashboardLinks } = service.services;
    if (kind === 'redis') {
      started = process.hrtime.bigint();
      await seedThroughStore(store, data);
    }
    const branches = await store.listBranches();
    process.stdout.write(`  seeded ${branches.length} branches, ${data.reports.length} records in ${(ms(started) / 1000).toFixed(1)} s (${kind === 'redis' ? 'addReport' : 'state file + store load'})\n`);
    const read: number[] = [];
    const render: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      let t = process.hrtime.bigint();
      const data = await readDashboard(store, { kind: 'committee' }, TODAY);
      read.push(ms(t));
      t = process.hrtime.bigint();
      const rows = data.standings.map((s) => toRow(s, TODAY));
      const query = parseQuery(new URLSearchParams(), knowledge);
      const page = committeePage({
        knowledge,
        today: TODAY,
        expiresAt: NOW,
        base: '/d/x',
        downloads: [],
        selection: select(rows, query),
        query,
        cadenceColumns: cadenceColumns(data.standings),
        silent: rows.filter((r) => r.status === 'silent').map((r) => r.branch),
        totalBranches: rows.length,
        push: data.push ?? { dead: [], closed: [], missing: [] },
        recent: data.recent,
      });
      render.push(ms(t));
      if (i === 0) process.stdout.write(`  page ${(page.length / 1024).toFixed(0)} KiB, ${rows.length} branches\n`);
    }
    const url = `http://127.0.0.1:${service.port}/d/${dashboardLinks.issue({ kind: 'committee' }, NOW)}`;
    const http: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const t = process.hrtime.bigint();
      const res = await fetch(url);
      await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      http.push(ms(t));
    }
    const line = (name: string, v: number[]): string => `  ${name.padEnd(26)} median ${quantile(v, 0.5).toFixed(1)} ms  p95 ${quantile(v, 0.95).toFixed(1)} ms`;
    process.stdout.write(`${line('read aggregates', read)}\n${line('render html', render)}\n${line('GET /d/<token> (loopback)', http)}\n`);
  } finally {
    await service.stop();
    if (kind === 'redis') await deletePrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

const stores = (cli.only ?? 'embedded,redis').split(',').map((s) => s.trim()) as Array<'embedded' | 'redis'>;
process.stdout.write(`dashboard bench: ${BRANCHES} branches, ${RECORDS} records, ${REQUESTS} requests each\n`);
for (const kind of stores) await run(kind);
