// The reminder runner as the application builds it from configuration.
import type { Config } from '../config.js';
import type { Knowledge } from '../knowledge/types.js';
import type { Logger } from '../log.js';
import type { PushService } from '../push/service.js';
import type { Store } from '../store/types.js';
import { ReminderRunner } from './runner.js';
import { reminderSettings } from './settings.js';

export function createReminders(config: Config, deps: { store: Store; knowledge: Knowledge; push: PushService; logger: Logger }): ReminderRunner {
  return new ReminderRunner({ ...deps, settings: reminderSettings(config), campaignYear: config.CAMPAIGN_YEAR });
}
