// The timers: one node-cron task per job, firing daily at the job's time in Asia/Shanghai. With
// several instances sharing one store, node-cron asks our runCoordinator before each firing and
// exactly one instance (the one that takes the store lock for that job and minute) runs it. The
// run itself sends whatever of that job is due within the catch-up window, so a send that failed
// yesterday is retried today, and the per-(reminder, group) markers stop anything going out twice.
import cron, { type Logger as CronLogger, type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';
import { reminderRuns } from '../metrics.js';
import type { Store } from '../store/types.js';
import { ZONE, systemNow, type Now } from '../time.js';
import type { OccurrenceRun, ReminderRunner } from './runner.js';
import type { JobName } from './settings.js';

export interface ScheduleOptions {
  runner: ReminderRunner;
  store: Store;
  logger: Logger;
  now?: Now;
  /** How long a firing's lock lives: long enough that an instance whose clock lags cannot run it again. */
  leaseMs?: number;
  /** Prefix of the node-cron task names (and so of the lock keys). */
  namePrefix?: string;
}

export interface RunningSchedules {
  /** node-cron task names, one per enabled job. */
  readonly names: readonly string[];
  /** Sends what came due while no instance was running (within the catch-up window). */
  catchUp(): Promise<OccurrenceRun[]>;
  /** Stops the timers and waits (at most `timeoutMs`) for runs in flight. */
  stop(timeoutMs?: number): Promise<void>;
}

const LEASE_MS = 6 * 3_600_000;

export function startSchedules(options: ScheduleOptions): RunningSchedules {
  const { runner, store, logger } = options;
  const now = options.now ?? systemNow;
  const prefix = options.namePrefix ?? 'djzs-reminders';
  const log = logger.child({ component: 'schedules' });
  const inflight = new Set<Promise<unknown>>();
  const coordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) => store.acquireLock(`cron:${key}`, ttlMs),
  };

  function track<T>(work: Promise<T>): Promise<T> {
    inflight.add(work);
    void work.finally(() => inflight.delete(work)).catch(() => undefined);
    return work;
  }

  async function runJob(label: JobName | 'catch-up'): Promise<OccurrenceRun[]> {
    try {
      const runs = await runner.runDue(now(), label === 'catch-up' ? undefined : label);
      const results = runs.flatMap((r) => r.results);
      const failed = results.filter((r) => r.status === 'failed').length;
      reminderRuns.inc({ job: label, result: failed > 0 ? 'failed' : 'ran' });
      log.info({ job: label, reminders: runs.map((r) => r.occurrence.id), sent: results.filter((r) => r.status === 'sent').length, failed }, 'reminder run');
      return runs;
    } catch (err) {
      reminderRuns.inc({ job: label, result: 'failed' });
      log.error({ job: label, err: err instanceof Error ? err.message : String(err) }, 'reminder run failed');
      return [];
    }
  }

  const tasks: ScheduledTask[] = [];
  for (const job of runner.jobs) {
    const s = runner.settings[job.name];
    if (!s.enabled) continue;
    const [hour, minute] = s.time.split(':').map(Number);
    const name = `${prefix}:${job.name}`;
    const task = cron.schedule(`${minute ?? 0} ${hour ?? 9} * * *`, () => track(runJob(job.name)), {
      name,
      timezone: ZONE,
      distributed: true,
      runCoordinator: coordinator,
      distributedLease: options.leaseMs ?? LEASE_MS,
      noOverlap: true,
      logger: cronLogger(log),
    });
    task.on('execution:skipped', (ctx) => {
      reminderRuns.inc({ job: job.name, result: 'skipped' });
      // 'not-elected': another instance runs it. 'coordinator-error': the store is down; the next
      // firing or a restart catches up.
      if (ctx.reason === 'coordinator-error') log.warn({ job: job.name }, 'reminder firing skipped: store unavailable');
      else log.debug({ job: job.name, reason: ctx.reason }, 'reminder firing skipped');
    });
    tasks.push(task);
  }
  log.info({ jobs: tasks.map((t) => t.name), timezone: ZONE }, 'reminder schedules started');

  return {
    names: tasks.map((t) => t.name ?? t.id),
    catchUp: () => track(runJob('catch-up')),
    async stop(timeoutMs = 10_000) {
      await Promise.all(tasks.map((t) => t.destroy()));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inflight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

/** node-cron's own messages go to our logger instead of the console. */
function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error): string => (m instanceof Error ? m.message : m);
  return {
    info: (m) => log.debug({ source: 'node-cron' }, m),
    warn: (m) => log.warn({ source: 'node-cron' }, m),
    error: (m, err) => log.error({ source: 'node-cron', err: err?.message }, text(m)),
    debug: (m) => log.debug({ source: 'node-cron' }, text(m)),
  };
}
