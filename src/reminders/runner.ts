// Runs reminders exactly once per (reminder, group): claim the marker, send, then mark it sent,
// or release it so that the next run retries. Used by the cron jobs, the start-up catch-up, the
// operators' CLI and the 提醒 command, so they all agree on what is due and who gets it.
import type { Knowledge } from '../knowledge/types.js';
import type { Logger } from '../log.js';
import type { PushService } from '../push/service.js';
import type { BindingTarget, Store } from '../store/types.js';
import { shanghaiDate } from '../time.js';
import { mayHaveArrived } from '../send-failure.js';
import { occurrencesBetween, yearOccurrences } from './calendar.js';
import { jobs as defaultJobs } from '../../schedules/registry.js';
import type { JobName, ReminderSettings } from './settings.js';
import type { Delivery, Occurrence, PlanContext, ReminderJob } from './types.js';
import type { GroupRef } from '../core.js';

export type DeliveryStatus = 'sent' | 'already-sent' | 'busy' | 'no-channel' | 'dead-channel' | 'failed';

export interface DeliveryResult {
  group: GroupRef;
  label: string;
  status: DeliveryStatus;
  /** Why it failed or was skipped, in Chinese (no secrets). */
  detail?: string;
}

export interface OccurrenceRun {
  occurrence: Occurrence;
  results: DeliveryResult[];
}

export interface ReminderRunnerOptions {
  store: Store;
  knowledge: Knowledge;
  push: PushService;
  settings: ReminderSettings;
  campaignYear: number;
  logger: Logger;
  jobs?: readonly ReminderJob[];
  /** How long a claimed marker blocks others: longer than the slowest fan-out (rate limits). */
  claimTtlMs?: number;
  /** Reminders this far back are still sent when missed (start-up catch-up, next run). */
  catchUpMs?: number;
}

export const CATCH_UP_MS = 48 * 3_600_000;
const CLAIM_TTL_MS = 30 * 60_000;

export class ReminderRunner {
  readonly settings: ReminderSettings;
  readonly jobs: readonly ReminderJob[];
  readonly catchUpMs: number;
  private readonly claimTtlMs: number;

  constructor(private readonly options: ReminderRunnerOptions) {
    this.settings = options.settings;
    this.jobs = options.jobs ?? defaultJobs;
    this.catchUpMs = options.catchUpMs ?? CATCH_UP_MS;
    this.claimTtlMs = options.claimTtlMs ?? CLAIM_TTL_MS;
  }

  private get plan(): PlanContext {
    return { calendar: this.options.knowledge.calendar, settings: this.settings, campaignYear: this.options.campaignYear };
  }

  /** The whole reminder calendar of a year. */
  calendar(year: number): Occurrence[] {
    return yearOccurrences(year, this.jobs, this.plan);
  }

  onDate(date: string): Occurrence[] {
    return this.calendar(Number(date.slice(0, 4))).filter((o) => o.date === date);
  }

  /** Reminders whose time passed within the catch-up window (optionally of one job). */
  due(now: Date, job?: JobName): Occurrence[] {
    const from = new Date(now.getTime() - this.catchUpMs);
    return occurrencesBetween(from, now, this.jobs, this.plan).filter((o) => job === undefined || o.job === job);
  }

  /** The next reminders a group bound to `target` can receive, soonest first. */
  upcoming(target: BindingTarget, now: Date, limit: number): Occurrence[] {
    const horizon = new Date(now.getTime() + 400 * 86_400_000);
    return occurrencesBetween(now, horizon, this.jobs, this.plan)
      .filter((o) => this.jobOf(o).reaches(target, this.settings))
      .slice(0, limit);
  }

  /** Who would get what for an occurrence, as of `today`; reads the store, writes nothing. */
  async deliveries(occurrence: Occurrence, today: string): Promise<Delivery[]> {
    const { knowledge, store } = this.options;
    const bindings = await store.listBindings();
    return this.jobOf(occurrence).deliveries(occurrence, { knowledge, store, settings: this.settings, bindings, today });
  }

  /** Sends an occurrence to every group that should get it and has not got it yet. */
  async run(occurrence: Occurrence, now: Date): Promise<OccurrenceRun> {
    const deliveries = await this.deliveries(occurrence, shanghaiDate(now));
    const results = await this.options.push.forEach(deliveries, (d) => this.deliverOnce(occurrence, d));
    return { occurrence, results };
  }

  /** Every due reminder (optionally of one job), oldest first. */
  async runDue(now: Date, job?: JobName): Promise<OccurrenceRun[]> {
    const runs: OccurrenceRun[] = [];
    for (const occurrence of this.due(now, job)) runs.push(await this.run(occurrence, now));
    return runs;
  }

  private jobOf(occurrence: Occurrence): ReminderJob {
    const job = this.jobs.find((j) => j.name === occurrence.job);
    if (!job) throw new Error(`unknown reminder job ${occurrence.job}`);
    return job;
  }

  private async deliverOnce(occurrence: Occurrence, delivery: Delivery): Promise<DeliveryResult> {
    const { store, push, logger } = this.options;
    const { group, label } = delivery;
    const result = (status: DeliveryStatus, detail?: string): DeliveryResult => {
      const r: DeliveryResult = { group, label, status, ...(detail !== undefined ? { detail } : {}) };
      const level = status === 'failed' || status === 'dead-channel' || status === 'no-channel' ? 'warn' : 'info';
      logger[level]({ reminder: occurrence.id, platform: group.platform, conversationId: group.conversationId, status, detail }, 'reminder delivery');
      return r;
    };
    let claimed = false;
    try {
      const record = await push.channel(group);
      if (!record) return result('no-channel', '未设置推送');
      if (record.dead) return result('dead-channel', record.dead.reason);
      const claim = await store.claimReminder(occurrence.id, group, this.claimTtlMs);
      if (claim === 'sent') return result('already-sent');
      if (claim === 'busy') return result('busy', '另一个实例正在发送');
      claimed = true;
      const sent = await push.deliver(group, record, delivery.reply);
      if (sent.status === 'sent') {
        await store.completeReminder(occurrence.id, group);
        claimed = false;
        return result('sent');
      }
      // A send that may have arrived counts as done: sending it again could post it twice.
      if (sent.status === 'failed' && mayHaveArrived(sent.reason)) await store.completeReminder(occurrence.id, group);
      else await store.releaseReminder(occurrence.id, group);
      claimed = false;
      return result('failed', sent.status === 'failed' ? sent.explanation : sent.status);
    } catch (err) {
      if (claimed) await store.releaseReminder(occurrence.id, group).catch(() => undefined);
      return result('failed', `存储不可用：${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

