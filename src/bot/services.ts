// What the bot gives every handler besides the message: configuration, knowledge and storage.
import type { Config } from '../config.js';
import type { Knowledge } from '../knowledge/types.js';
import type { Store } from '../store/types.js';
import type { ExportTokens } from '../reports/export-token.js';
import type { DashboardLinks } from '../dashboard/links.js';
import type { PushService } from '../push/service.js';
import type { ReminderRunner } from '../../schedules/runner.js';

export interface BotServices {
  config: Config;
  knowledge: Knowledge;
  store: Store;
  exportTokens: ExportTokens;
  /** Signed, expiring dashboard links (看板, 进度); same secret as the export links. */
  dashboardLinks: DashboardLinks;
  /** Proactive messages to groups (reminders, 推送 测试). */
  push: PushService;
  /** The reminder calendar and its runner (提醒, schedules, the reminders CLI). */
  reminders: ReminderRunner;
}
