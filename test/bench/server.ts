// The server under test, in a process of its own so that its RSS and CPU are its own.
//   node --import tsx test/bench/server.ts baseline   a bare Koa app answering a constant
//   node --import tsx test/bench/server.ts service    the whole service (startService), configured
//                                                     from the environment exactly as `npm start`
// The parent talks to it over IPC (see ./ipc.ts): 'ready' with the port once listening; 'stats'
// (RSS now, peak RSS sampled every 50 ms, CPU time, heap); 'remind' runs one reminder through the
// service's own reminder runner and push service; 'stop' stops it gracefully and exits 0, so that
// `--cpu-prof` can write its profile.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import Koa from 'koa';
import type { ChildMessage, ParentMessage, ServerStats } from './ipc.js';

const mode = process.argv[2];
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
sampler.unref();

function send(message: ChildMessage): void {
  process.send?.(message);
}

function stats(): ServerStats {
  const mem = process.memoryUsage();
  peakRss = Math.max(peakRss, mem.rss);
  const cpu = process.cpuUsage();
  return { rss: mem.rss, peakRss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
}

async function startBaseline(): Promise<Running> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Running {
  port: number;
  stop(): Promise<void>;
  /** Service mode only: one reminder run (the fan-out scenario). */
  remind?(job: string): Promise<ChildMessage>;
}

async function startReal(): Promise<Running> {
  // Imported here so that the baseline process loads Koa only.
  const { loadConfig } = await import('../../src/config.js');
  const { createLogger } = await import('../../src/log.js');
  const { startService } = await import('../../src/service.js');
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const service = await startService(config, logger);
  return {
    port: service.port,
    stop: () => service.stop(),
    async remind(job) {
      const runner = service.services.reminders;
      const occurrence = runner.calendar(config.CAMPAIGN_YEAR).find((o) => o.job === job);
      if (!occurrence) throw new Error(`no ${job} reminder in ${config.CAMPAIGN_YEAR}`);
      const started = performance.now();
      const run = await runner.run(occurrence, new Date(occurrence.at.getTime() + 60_000));
      const ms = performance.now() - started;
      const statuses: Record<string, number> = {};
      for (const r of run.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      return { type: 'reminded', occurrence: occurrence.id, ms, statuses };
    },
  };
}

async function main(): Promise<void> {
  if (mode !== 'baseline' && mode !== 'service') throw new Error('usage: server.ts baseline|service');
  const running = mode === 'baseline' ? await startBaseline() : await startReal();
  process.on('message', (raw: unknown) => {
    const message = raw as ParentMessage;
    if (message.type === 'stats') send({ type: 'stats', stats: stats() });
    if (message.type === 'gc') {
      // Only with --expose-gc (bench --gc-check): shows how much of the heap is live, not garbage.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      send({ type: 'stats', stats: stats() });
    }
    if (message.type === 'heap-snapshot') {
      const file = writeHeapSnapshot(join(message.dir, `server-${process.pid}-${Date.now()}.heapsnapshot`));
      send({ type: 'snapshot', file });
    }
    if (message.type === 'remind') {
      if (!running.remind) throw new Error('remind needs service mode');
      running
        .remind(message.job)
        .then(send)
        .catch((err: unknown) => {
          process.stderr.write(`reminder run failed: ${String(err)}\n`);
          process.exit(1);
        });
    }
    if (message.type === 'stop') {
      running
        .stop()
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          process.stderr.write(`stop failed: ${String(err)}\n`);
          process.exit(1);
        });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: running.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
