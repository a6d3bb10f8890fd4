// Wiring shared by the server, the console and the tests: configuration → services → bot.
import { randomBytes } from 'node:crypto';
import { createBot, type Bot } from './bot/bot.js';
import type { BotServices } from './bot/services.js';
import type { Config } from './config.js';
import { loadKnowledge } from './knowledge/index.js';
import type { Logger } from './log.js';
import { ExportTokens } from './reports/export-token.js';
import { DashboardLinks } from './dashboard/links.js';
import { createStore } from './store/index.js';
import { createPushService, type PushExtras } from './push/build.js';
import { createReminders } from '../schedules/build.js';
import { commands, fallback } from '../handlers/index.js';

export function buildServices(config: Config, logger: Logger, extras: PushExtras = {}): BotServices {
  const store = createStore(config, logger);
  const knowledge = loadKnowledge({ campaignYear: config.CAMPAIGN_YEAR });
  if (config.EXPORT_SECRET === undefined) {
    logger.warn('EXPORT_SECRET is not set: export links are signed with a per-process key and only work on this instance until it restarts');
  }
  const secret = config.EXPORT_SECRET ?? randomBytes(32).toString('hex');
  const exportTokens = new ExportTokens(secret, config.EXPORT_TTL_MINUTES * 60_000);
  const dashboardLinks = new DashboardLinks(secret, config.DASHBOARD_TTL_MINUTES * 60_000);
  const push = createPushService(config, store, logger, extras);
  const reminders = createReminders(config, { store, knowledge, push, logger });
  return { config, knowledge, store, exportTokens, dashboardLinks, push, reminders };
}

export function buildBot(services: BotServices, logger: Logger, now?: () => Date): Bot {
  return createBot({ services, commands, fallback, logger, ...(now ? { now } : {}) });
}
