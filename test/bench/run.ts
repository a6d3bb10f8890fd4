// Throughput, latency and memory of the real server on loopback (npm run bench).
//
// Every scenario starts the server under test in a fresh process of its own (test/bench/server.ts,
// compiled by `tsc -p .` into dist/ and run with plain `node`, as `npm start` runs the service),
// warms it up, then loads it with autocannon for a fixed duration at a fixed number of
// connections, and prints requests/s, p50/p99 latency, errors, the server's peak RSS (sampled in
// the server) and its RSS after the run, and the ratio against the baseline measured in this run.
// The fake platform API runs in a third process. Real Redis (REDIS_URL or 127.0.0.1:6379) under a
// throw-away prefix per scenario, deleted afterwards.
//
//   npm run bench                                  all scenarios, 10 s each, 50 connections
//   npm run bench -- --only wecom,dingtalk         some scenarios
//   npm run bench -- --duration 5 --connections 20
//   npm run bench -- --log-level info              the server logs one line per request (to a temp file)
//   npm run bench -- --cpu-prof /tmp/prof          write a V8 CPU profile of each server process
//   npm run bench -- --json /tmp/bench.json        also write the figures as JSON
//   npm run bench -- --heap-snapshot /tmp/heap     after each run, write the server's heap snapshot there
//   npm run bench -- --gc-check                    after each run, also report the heap after a full GC (--expose-gc)
//   npm run bench -- --skip-build                  use dist/ as it is
//   npm run bench -- --tsx                         run the server from source with tsx (more RSS)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus as cpus_, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { decrypt } from '@wecom/crypto';
import { RedisStore } from '../../src/store/redis.js';
import { deletePrefix } from '../support/redis.js';
import { aibotCallback, aibotText, dingtalkHeaders, dingtalkText, randomAesKey, type WecomSecrets } from '../platforms/support.js';
import { startCommand, withStartDefaults } from '../support/start-command.js';
import { BENCH_DIR, fakeCounts, resetFake, ROOT, serverStats, spawnChild, type Child } from './children.js';
import type { ServerStats } from './ipc.js';
import { runFanout, type FanoutResult } from './fanout.js';
import { recordLines, recordTargets, runRecords, type RecordsResult } from './records.js';

const { values: cli } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    'cpu-prof': { type: 'string' },
    json: { type: 'string' },
    branches: { type: 'string', default: '1000,5000' },
    // Which stores the service scenarios run on (each scenario once per store).
    stores: { type: 'string', default: 'embedded,redis' },
    // Record counts of the records scenario (commands, export, start-up at that size).
    records: { type: 'string', default: '10000,100000' },
    'skip-build': { type: 'boolean', default: false },
    'gc-check': { type: 'boolean', default: false },
    // Directory for a V8 heap snapshot of each server after its run (open it in Chrome DevTools).
    'heap-snapshot': { type: 'string' },
    tsx: { type: 'boolean', default: false },
    // Extra node flags for the server under test only, e.g. "--max-old-space-size=96".
    'server-flags': { type: 'string', default: '' },
  },
});

const DURATION = Number(cli.duration);
const WARMUP = Number(cli.warmup);
const CONNECTIONS = Number(cli.connections);
const LOG_LEVEL = cli['log-level'];
const START = startCommand(ROOT);
// The records scenario measures the service in this process: run it with npm start's node flags
// and environment too (re-started once with them), or its memory figures are a different program's.
if (!START.nodeFlags.every((f) => process.execArgv.includes(f))) {
  const again = spawnSync(process.execPath, [...START.nodeFlags, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: withStartDefaults(START, process.env) });
  process.exit(again.status ?? 1);
}
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ALL = ['baseline', 'wecom', 'dingtalk', 'report', 'fanout', 'records'] as const;
type StoreKind = 'embedded' | 'redis';
const STORES: StoreKind[] = cli.stores.split(',').map((s) => s.trim()).filter((s): s is StoreKind => s === 'embedded' || s === 'redis');
type ScenarioName = (typeof ALL)[number];
const selected = new Set<string>(cli.only ? cli.only.split(',').map((s) => s.trim()) : ALL);
for (const name of selected) if (!(ALL as readonly string[]).includes(name)) throw new Error(`unknown scenario ${name}; known: ${ALL.join(', ')}`);

const APP_SECRET = 'bench-dingtalk-app-secret-0123456789';
const wecom: WecomSecrets = { token: 'BenchToken', aesKey: randomAesKey(), receiveId: '' };
const BRANCH = '基准测试党支部';
const ADMIN_STAFF = 'bench-admin';
/** The 348 labelled questions of the Q&A test set (criteria, stages, free and out-of-scope questions), in turn. */
const QUESTIONS: readonly string[] = (JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'questions.json'), 'utf8')) as { questions: Array<{ q: string }> }).questions.map((q) => q.q);

interface ScenarioResult {
  name: string;
  store: StoreKind | 'none';
  requestsPerSec: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts (autocannon). */
  errors: number;
  non2xx: number;
  total: number;
  server: ServerStats;
  /** RSS after the load stopped and the background work drained. */
  rssAfter: number;
  notes: string[];
}

const SERVER_SCRIPT = cli.tsx ? join(BENCH_DIR, 'server.ts') : join(ROOT, 'dist', 'test', 'bench', 'server.js');

/** Compiles the project into dist/ as `npm start` does; stops the bench when it does not compile. */
function build(): void {
  process.stdout.write('building (tsc -p .) …\n');
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const out = err instanceof Error && 'stdout' in err ? String((err as { stdout: unknown }).stdout) : String(err);
    process.stderr.write(`the project does not compile; fix it or pass --skip-build to use dist/ as it is:\n${out}\n`);
    process.exit(1);
  }
}

const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';
const logDir = mkdtempSync(join(tmpdir(), 'djzs-bench-'));
const results: ScenarioResult[] = [];
const fanouts: Array<FanoutResult & { store: StoreKind }> = [];
const recordResults: RecordsResult[] = [];

/** The server's environment; the embedded store gets a fresh DATA_DIR per prefix. */
function serverEnv(prefix: string, fakeUrl: string, store: StoreKind = 'redis'): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL,
    // Production refuses /metrics without a token (or a loopback METRICS_PORT); the bench reads it.
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    ...(store === 'redis' ? { REDIS_URL, REDIS_PREFIX: prefix } : { REDIS_URL: '', DATA_DIR: dataDirFor(prefix) }),
    WECOM_TOKEN: wecom.token,
    WECOM_ENCODING_AES_KEY: wecom.aesKey,
    WECOM_API_BASE: fakeUrl,
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_APP_KEY: 'bench-app-key',
    DINGTALK_ROBOT_CODE: 'bench-robot',
    // The bench drives HTTP callbacks.
    DINGTALK_MODE: 'http',
    DINGTALK_API_BASE: fakeUrl,
    DINGTALK_OAPI_BASE: fakeUrl,
    ADMIN_IDS: `dingtalk:${ADMIN_STAFF}`,
    EXPORT_SECRET: 'bench-export-secret-0123456789',
    SCHEDULES_ENABLED: 'false',
  };
}

async function startServer(mode: 'baseline' | 'service', name: string, env: NodeJS.ProcessEnv): Promise<{ child: Child; logFile: string }> {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  // The service runs with `npm start`'s node flags and environment defaults; the bare-Koa baseline
  // with plain node (the flags trade a little CPU for memory, so this is the conservative side).
  const nodeFlags = mode === 'service' ? [...START.nodeFlags] : [];
  if (mode === 'service') env = withStartDefaults(START, env);
  if (cli['cpu-prof']) nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${cli['cpu-prof']}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`);
  if (cli['gc-check']) nodeFlags.push('--expose-gc');
  nodeFlags.push(...cli['server-flags'].split(' ').filter(Boolean));
  try {
    const child = await spawnChild(SERVER_SCRIPT, [mode], { env, nodeFlags, stdoutFd: fd });
    return { child, logFile };
  } finally {
    closeSync(fd);
  }
}

type RequestSource = () => autocannon.Request;

async function load(url: string, source: RequestSource | undefined, seconds: number): Promise<autocannon.Result> {
  const options: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    duration: seconds,
    ...(source ? { requests: [{ setupRequest: () => source() }] } : {}),
  };
  return autocannon(options);
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One counter from the server's /metrics, summed over the lines matching all `labels`. */
async function metric(base: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const dataDirs = new Map<string, string>();
function dataDirFor(prefix: string): string {
  let dir = dataDirs.get(prefix);
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'djzs-bench-data-'));
    dataDirs.set(prefix, dir);
  }
  return dir;
}

async function cleanup(prefix: string): Promise<void> {
  await deletePrefix(prefix, REDIS_URL);
  const dir = dataDirs.get(prefix);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dataDirs.delete(prefix);
}

async function measure(
  name: ScenarioName,
  store: StoreKind | 'none',
  mode: 'baseline' | 'service',
  env: NodeJS.ProcessEnv,
  source: RequestSource | undefined,
  path: string,
  verify: (child: Child, sent: number) => Promise<string[]>,
  prepare?: (child: Child) => Promise<void>,
): Promise<void> {
  process.stdout.write(`\n▶ ${name} [${store}]: ${WARMUP}s warm-up + ${DURATION}s at ${CONNECTIONS} connections …\n`);
  const { child, logFile } = await startServer(mode, name, env);
  try {
    await prepare?.(child);
    const warm = await load(`${child.url}${path}`, source, WARMUP);
    const run = await load(`${child.url}${path}`, source, DURATION);
    const server = await serverStats(child);
    const sent = warm['2xx'] + run['2xx'];
    const notes = await verify(child, sent);
    const after = await serverStats(child);
    notes.push(`after the run: heap used ${mb(after.heapUsed)} of ${mb(after.heapTotal)}, external ${mb(after.external)}`);
    if (cli['gc-check']) {
      const collected = (await child.ask({ type: 'gc' }, 'stats')).stats;
      notes.push(`after a full GC: heap used ${mb(collected.heapUsed)} of ${mb(collected.heapTotal)}, RSS ${mb(collected.rss)}`);
    }
    if (cli['heap-snapshot']) notes.push(`heap snapshot ${(await child.ask({ type: 'heap-snapshot', dir: cli['heap-snapshot'] }, 'snapshot')).file}`);
    if (LOG_LEVEL !== 'silent' && LOG_LEVEL !== 'warn') notes.push(`log file ${(statSync(logFile).size / 1e6).toFixed(1)} MB`);
    if (warm.errors + warm.non2xx > 0) notes.push(`warm-up: ${warm.errors} errors, ${warm.non2xx} non-2xx`);
    results.push({
      name,
      store,
      requestsPerSec: run.requests.average,
      p50: run.latency.p50,
      p99: run.latency.p99,
      errors: run.errors,
      non2xx: run.non2xx,
      total: run.requests.total,
      server: { ...server, peakRss: Math.max(server.peakRss, after.peakRss) },
      rssAfter: after.rss,
      notes,
    });
    const r = results[results.length - 1];
    if (r) process.stdout.write(`  ${line(r)}\n`);
  } finally {
    const code = await child.stop();
    if (code !== 0) process.stdout.write(`  (server exited with ${String(code)})\n`);
  }
}

// ------------------------------------------------------------------------------ request sources

let seq = 0;
const runId = randomUUID().slice(0, 8);

function wecomSource(): RequestSource {
  const build = (): autocannon.Request => {
    seq += 1;
    const q = QUESTIONS[seq % QUESTIONS.length] ?? '第7条';
    const cb = aibotCallback(wecom, aibotText({ msgid: `bench-${runId}-${seq}`, chatid: `wrkBench${seq % 20}`, userid: `user${seq % 500}`, content: `@党建助手 ${q}` }));
    return { method: 'POST', path: cb.path, headers: { 'content-type': 'application/json' }, body: cb.body };
  };
  // Encrypting and signing costs the load generator ~20 µs per request: build most of them first.
  const pool: autocannon.Request[] = [];
  const estimate = Math.min(200_000, Math.ceil((WARMUP + DURATION) * 6000));
  for (let i = 0; i < estimate; i += 1) pool.push(build());
  let next = 0;
  return () => pool[next++] ?? build();
}

function dingtalkSource(content: () => string, conversationId: string): RequestSource {
  // Every callback its own timestamp and sign, as DingTalk sends: one pair serves one msgId only.
  return () => {
    seq += 1;
    const headers = dingtalkHeaders(APP_SECRET);
    const body = dingtalkText({ msgId: `bench-${runId}-${seq}`, content: `@党建助手 ${content()}`, staffId: `staff${seq % 500}`, conversationId });
    return { method: 'POST', path: '/dingtalk', headers, body: JSON.stringify(body) };
  };
}

// ------------------------------------------------------------------------------ scenarios

async function baseline(): Promise<void> {
  await measure('baseline', 'none', 'baseline', { ...process.env, NODE_ENV: 'production' }, undefined, '/', async () => []);
}

async function wecomScenario(fakeUrl: string, store: StoreKind): Promise<void> {
  const prefix = `bench:${randomUUID()}:`;
  try {
    await measure('wecom', store, 'service', serverEnv(prefix, fakeUrl, store), wecomSource(), '/', async (child, sent) => {
      const answered = await metric(child.url, 'djzs_messages_received_total', { platform: 'wecom', outcome: 'answered' });
      // A few fresh callbacks, decrypted: the passive reply carries the finished answer.
      let finished = 0;
      for (let i = 0; i < 20; i += 1) {
        const cb = aibotCallback(wecom, aibotText({ msgid: `check-${runId}-${i}`, chatid: 'wrkCheck', userid: 'checker', content: '@党建助手 第7条' }));
        const res = await fetch(`${child.url}${cb.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: cb.body });
        const reply = JSON.parse(await res.text()) as { encrypt: string };
        const stream = JSON.parse(decrypt(wecom.aesKey, reply.encrypt).message) as { stream: { finish: boolean; content: string } };
        if (stream.stream.finish && stream.stream.content.includes('走基层')) finished += 1;
      }
      return [
        `the bot answered ${answered - finished} messages in passive replies; autocannon counted ${sent} 200s (requests in flight when a run stops are answered but not counted)`,
        `${finished}/20 fresh callbacks sent afterwards, decrypted: a finished stream with the answer`,
      ];
    });
  } finally {
    await cleanup(prefix);
  }
}

async function dingtalkScenario(fake: Child, store: StoreKind): Promise<void> {
  const prefix = `bench:${randomUUID()}:`;
  let i = 0;
  try {
    await resetFake(fake);
    await measure(
      'dingtalk',
      store,
      'service',
      serverEnv(prefix, fake.url, store),
      dingtalkSource(() => QUESTIONS[i++ % QUESTIONS.length] ?? '第7条', 'cidBenchQuestions'),
      '/dingtalk',
      async (child, sent) => {
        // Answers go out after the 200: wait until every answer the bot made reached the fake.
        const delivered = async (): Promise<number> => (await fakeCounts(fake)).byPath['/robot/sendBySession'] ?? 0;
        const answered = (): Promise<number> => metric(child.url, 'djzs_messages_received_total', { platform: 'dingtalk', outcome: 'answered' });
        await waitUntil('DingTalk answers', async () => (await delivered()) >= Math.max(sent, await answered()), 60_000).catch(() => undefined);
        return [
          `${await delivered()} answers delivered to the fake sessionWebhook; the bot answered ${await answered()} messages; autocannon counted ${sent} 200s (requests still in flight when a run stops are answered but not counted)`,
        ];
      },
    );
  } finally {
    await cleanup(prefix);
  }
}

async function reportScenario(fake: Child, kind: StoreKind): Promise<void> {
  const prefix = `bench:${randomUUID()}:`;
  const group = 'cidBenchReports';
  try {
    await resetFake(fake);
    await measure(
      'report',
      kind,
      'service',
      serverEnv(prefix, fake.url, kind),
      dingtalkSource(() => '上报 组织8名党员到企业开展走基层服务', group),
      '/dingtalk',
      async (child, sent) => {
        const answered = (): Promise<number> => metric(child.url, 'djzs_messages_received_total', { platform: 'dingtalk', outcome: 'answered' });
        const deliveries = async (): Promise<number> => (await fakeCounts(fake)).byPath['/robot/sendBySession'] ?? 0;
        await waitUntil('report answers', async () => (await deliveries()) >= Math.max(sent + 1, await answered()), 60_000).catch(() => undefined);
        const delivered = (await deliveries()) - 1; // less the bind confirmation
        if (kind === 'embedded') {
          // The server holds the data directory; its own counter says how many were stored.
          const stored = await metric(child.url, 'djzs_reports_recorded_total');
          return [`${stored} records stored; autocannon counted ${sent} 200s`, `${delivered} confirmations delivered`];
        }
        const store = new RedisStore({ url: REDIS_URL, prefix });
        try {
          const reports = await store.listReports(BRANCH);
          const ids = new Set(reports.map((r) => r.id));
          const contiguous = reports.length === 0 || (Math.min(...ids) === 1 && Math.max(...ids) === reports.length && ids.size === reports.length);
          return [
            `${reports.length} records stored; autocannon counted ${sent} 200s (requests in flight at the end of a run are stored but not counted); ids 1…n without gaps or repeats: ${contiguous ? 'yes' : 'NO'}`,
            `${delivered} confirmations delivered`,
          ];
        } finally {
          await store.close();
        }
      },
      async (child) => {
        // The group is bound first, by an admin, through the same route.
        const body = { ...dingtalkText({ msgId: `bind-${runId}`, content: `绑定 ${BRANCH}`, staffId: ADMIN_STAFF, conversationId: group }) };
        const res = await fetch(`${child.url}/dingtalk`, { method: 'POST', headers: dingtalkHeaders(APP_SECRET), body: JSON.stringify(body) });
        if (res.status !== 200) throw new Error(`bind failed: ${res.status}`);
        await waitUntil('bind answer', async () => ((await fakeCounts(fake)).byPath['/robot/sendBySession'] ?? 0) >= 1);
      },
    );
  } finally {
    await cleanup(prefix);
  }
}

// ------------------------------------------------------------------------------ output

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function line(r: ScenarioResult): string {
  const base = results.find((x) => x.name === 'baseline');
  const ratio = base && r.name !== 'baseline' ? ` (${((100 * r.requestsPerSec) / base.requestsPerSec).toFixed(1)}% of baseline)` : '';
  return `${r.name} [store ${r.store}]: ${Math.round(r.requestsPerSec)} req/s${ratio}, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}, peak RSS ${mb(r.server.peakRss)}, RSS after ${mb(r.rssAfter)}, CPU ${((r.server.cpuUserMs + r.server.cpuSystemMs) / 1000).toFixed(1)} s${r.notes.length ? `\n    ${r.notes.join('\n    ')}` : ''}`;
}

interface Target {
  what: string;
  met: boolean;
  figure: string;
}

function targets(): Target[] {
  const base = results.find((x) => x.name === 'baseline');
  const out: Target[] = [];
  const pct = (r: ScenarioResult): number => (base ? (100 * r.requestsPerSec) / base.requestsPerSec : Number.NaN);
  const want: Array<[string, number]> = [
    ['wecom', 25],
    ['dingtalk', 10],
    ['report', 5],
  ];
  for (const [name, minPct] of want) {
   for (const r of results.filter((x) => x.name === name)) {
    out.push({ what: `${name} [${r.store}] ≥ ${minPct}% of baseline req/s`, met: pct(r) >= minPct, figure: `${pct(r).toFixed(1)}%` });
    if (name !== 'report') out.push({ what: `${name} [${r.store}] p99 < 50 ms`, met: r.p99 < 50, figure: `${r.p99} ms` });
    out.push({ what: `${name} [${r.store}] RSS after the run ≤ 150 MB`, met: r.rssAfter <= 150 * 1e6, figure: mb(r.rssAfter) });
    out.push({ what: `${name} [${r.store}] no errors`, met: r.errors === 0 && r.non2xx === 0, figure: `${r.errors} errors, ${r.non2xx} non-2xx` });
   }
  }
  for (const fanout of fanouts) {
    out.push({ what: `fan-out [${fanout.store}] of ${fanout.branches} branches: every robot got its reminder, none over 20/min`, met: fanout.robots === fanout.branches && fanout.maxPerMinute <= 20, figure: `${fanout.robots} robots, max ${fanout.maxPerMinute}/min, ${fanout.seconds.toFixed(2)} s` });
  }
  out.push(...recordTargets(recordResults));
  return out;
}

async function main(): Promise<void> {
  const cpus = cpus_();
  const machine = `${cpus.length} CPUs (${cpus[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${CONNECTIONS} connections, ${DURATION}s per scenario (after ${WARMUP}s warm-up), server log level ${LOG_LEVEL}`;
  process.stdout.write(`党建助手 bench — ${machine}\n`);
  process.stdout.write(`machine load at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min), stores: ${STORES.join(', ')}\n`);
  process.stdout.write(`service (and this process, which runs the records scenario) started as npm start does: node ${[...START.nodeFlags, ...cli['server-flags'].split(' ').filter(Boolean)].join(' ')}, ${Object.entries(START.env).map(([k, v]) => `${k}=${process.env[k] || v}`).join(' ')}\n`);
  if (!cli.tsx && !cli['skip-build']) build();
  const fake = await spawnChild(join(BENCH_DIR, 'fake.ts'), []);
  try {
    if (selected.has('baseline')) await baseline();
    for (const store of STORES) {
      if (selected.has('wecom')) await wecomScenario(fake.url, store);
      if (selected.has('dingtalk')) await dingtalkScenario(fake, store);
      if (selected.has('report')) await reportScenario(fake, store);
    }
    for (const store of STORES) {
      if (!selected.has('fanout')) break;
      for (const branches of cli.branches.split(',').map(Number)) {
        await resetFake(fake);
        process.stdout.write(`\n▶ fanout [${store}]: one reminder to ${branches} branches …\n`);
        const prefix = `bench:${randomUUID()}:`;
        try {
          const result = await runFanout({ fake, branches, redisUrl: REDIS_URL, store, dataDir: dataDirFor(prefix), prefix, env: () => withStartDefaults(START, serverEnv(prefix, fake.url, store)), serverScript: SERVER_SCRIPT, nodeFlags: START.nodeFlags });
          fanouts.push({ ...result, store });
          process.stdout.write(`  [store ${store}] ${result.summary}\n`);
        } finally {
          await cleanup(prefix);
        }
      }
    }
    for (const store of STORES) {
      if (!selected.has('records')) break;
      for (const count of cli.records.split(',').map(Number)) {
        for (const spread of [1, 100]) {
          process.stdout.write(`\n▶ records [${store}]: ${count} reports in ${spread} branch(es) …\n`);
          const r = await runRecords({ store, count, branches: spread, redisUrl: REDIS_URL });
          recordResults.push(r);
          process.stdout.write(`${recordLines(r).map((l) => `  ${l}`).join('\n')}\n`);
        }
      }
    }
  } finally {
    await fake.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
  process.stdout.write('\n=== results ===\n');
  for (const r of results) process.stdout.write(`${line(r)}\n`);
  for (const f of fanouts) process.stdout.write(`fanout [store ${f.store}]: ${f.summary}\n`);
  for (const r of recordResults) process.stdout.write(`${recordLines(r).join('\n')}\n`);
  process.stdout.write('\n=== targets ===\n');
  for (const t of targets()) process.stdout.write(`${t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.figure}\n`);
  if (cli.json) writeFileSync(cli.json, JSON.stringify({ date: new Date().toISOString(), machine, results, fanouts, records: recordResults, targets: targets() }, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
