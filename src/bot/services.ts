// What the bot gives every handler besides the message: configuration, knowledge, storage, and
// two ports the application fills in (the push service and the reminder runner). The ports are
// declared here, by what handlers use, so that the bot core imports nothing above it.
import type { Config } from '../config.js';
import type { Knowledge } from '../knowledge/types.js';
import type { BindingTarget, Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';
import type { DashboardLinks } from '../dashboard/links.js';
import type { Occurrence } from '../reminders/types.js';
import type { ReminderSettings } from '../reminders/settings.js';
import type { FailureReason } from '../send-failure.js';
import type { GroupRef, PhotoFiles, Reply } from '../core.js';

export type PushResult =
  | { status: 'sent' }
  | { status: 'no-channel' }
  /** Skipped: the channel is marked dead (or closed by an admin). */
  | { status: 'dead'; reason: string }
  /** `reason` says what may be done (send-failure.ts): e.g. a timeout may have arrived, so it is never sent again. */
  | { status: 'failed'; explanation: string; reason: FailureReason; markedDead: boolean };

/** Proactive messages to groups (reminders, 推送 测试). */
export interface GroupPush {
  /** Sends to a group's channel. `force` tries a dead channel too (推送 测试). */
  send(group: GroupRef, reply: Reply, options?: { force?: boolean }): Promise<PushResult>;
}

/** The reminder calendar (提醒). */
export interface ReminderCalendar {
  readonly settings: ReminderSettings;
  upcoming(target: BindingTarget, now: Date, limit: number): Occurrence[];
}

export interface BotServices {
  config: Config;
  knowledge: Knowledge;
  store: Store;
  exportTokens: ExportTokens;
  /** Signed, expiring dashboard links (看板, 进度); same secret as the export links. */
  dashboardLinks: DashboardLinks;
  /** Photo files (PHOTO_DIR). */
  photos: { files: PhotoFiles };
  push: GroupPush;
  reminders: ReminderCalendar;
}
