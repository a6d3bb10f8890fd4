// `npm run reminders -- --date 2026-11-12 [--send]`: see (or send) the reminders of a date.
// The dry run reads a copy of the embedded store's files, so it cannot disturb a running service.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServices } from '../app.js';
import { ConfigError, loadStartupConfig, type Config } from '../config.js';
import { createLogger } from '../log.js';
import { DataDirLockedError } from '../store/data-lock.js';
import { copyJournalFiles } from '../store/journal.js';
import { parseCliArgs, previewDate, sendDate } from '../reminders/cli.js';
import { systemNow } from '../time.js';

async function main(): Promise<number> {
  const now = systemNow();
  const parsed = parseCliArgs(process.argv.slice(2), now);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  const { date, send, serviceStopped } = parsed.options;
  const startup = loadStartupConfig();
  for (const warning of startup.warnings) process.stderr.write(`警告：${warning}\n`);
  let config: Config = startup.config;
  const embedded = config.REDIS_URL === undefined;
  if (send && embedded && !serviceStopped) {
    process.stderr.write('未设置 REDIS_URL：内置文件存储只允许一个进程写入。请先停止服务，再加 --service-stopped 发送。\n');
    return 2;
  }
  let snapshot: string | undefined;
  if (!send && embedded) {
    snapshot = mkdtempSync(join(tmpdir(), 'djzs-reminders-'));
    const dir = resolve(config.DATA_DIR);
    if (existsSync(dir)) copyJournalFiles(dir, snapshot);
    const legacy = join(dir, 'store.json');
    if (existsSync(legacy)) copyFileSync(legacy, join(snapshot, 'store.json'));
    config = { ...config, DATA_DIR: snapshot };
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'error', true);
  const services = await buildServices(config, logger);
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  try {
    if (!send) {
      await previewDate(services, date, out);
      return 0;
    }
    return (await sendDate(services, date, now, out)) > 0 ? 1 : 0;
  } finally {
    await services.store.close();
    if (snapshot) rmSync(snapshot, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : `出错了：${err instanceof Error ? err.message : String(err)}`}\n`);
    process.exit(1);
  },
);
