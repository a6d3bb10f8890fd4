// The shapes shared by the reminder jobs, the calendar and the runner.
import type { CampaignCalendar, Knowledge } from '../knowledge/types.js';
import type { Binding, BindingTarget, Store } from '../store/types.js';
import type { JobName, ReminderSettings } from './settings.js';
import type { GroupRef, Reply } from '../core.js';

/** One dated reminder, e.g. “动员部署阶段开始” on 2026-09-10 at 09:00 Asia/Shanghai. */
export interface Occurrence {
  /** Stable across restarts and time overrides: the date, the job and what it is about. */
  id: string;
  job: JobName;
  /** YYYY-MM-DD and HH:mm, Asia/Shanghai. */
  date: string;
  time: string;
  at: Date;
  /** Short Chinese label for 提醒 and the CLI. */
  title: string;
  /** The phase a phase reminder is about. */
  phase?: number;
}

/** One message for one group. */
export interface Delivery {
  group: GroupRef;
  /** 支部名 or 委员会, for logs and the CLI. */
  label: string;
  reply: Reply;
}

export interface PlanContext {
  calendar: CampaignCalendar;
  settings: ReminderSettings;
  /** Phase reminders exist only for this year; 走基层 recurs every year. */
  campaignYear: number;
}

export interface JobContext {
  knowledge: Knowledge;
  store: Store;
  settings: ReminderSettings;
  bindings: readonly Binding[];
  /** The Shanghai date the messages speak from (days left, current half-year). */
  today: string;
}

export interface ReminderJob {
  name: JobName;
  occurrences(year: number, plan: PlanContext): Occurrence[];
  /** Who gets what, read from the store now; sends nothing. */
  deliveries(occurrence: Occurrence, ctx: JobContext): Promise<Delivery[]>;
  /** Whether a group bound to `target` can receive this job's messages (for 提醒). */
  reaches(target: BindingTarget, settings: ReminderSettings): boolean;
}
