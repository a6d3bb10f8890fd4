// Wiring shared by the server, the console and the tests: configuration → services → bot.
import { randomBytes } from 'node:crypto';
import { type Now } from './time.js';
import { createBot, type Bot } from './bot/bot.js';
import type { BotServices } from './bot/services.js';
import { photoDir, publicBaseUrl, type Config } from './config.js';
import { DirectoryPhotoFiles } from './reports/photo-store.js';
import { PhotoLinks } from './reports/photo-links.js';
import { loadKnowledge } from './knowledge/index.js';
import type { Logger } from './log.js';
import { ExportTokens } from './reports/export-token.js';
import { DashboardLinks } from './dashboard/links.js';
import { createStore, type Store } from './store/index.js';
import { createPushService, type PushExtras } from './push/build.js';
import type { PushService } from './push/service.js';
import type { ReminderRunner } from './reminders/runner.js';
import { createReminders } from './reminders/build.js';
import { commands, fallback, photoMessages } from '../handlers/index.js';

/** Name of the generated link secret kept with the data when EXPORT_SECRET is unset. */
export const LINK_SECRET_NAME = 'export-secret';

/**
 * The secret of export and dashboard links: EXPORT_SECRET, or one generated on first start and
 * kept with the data (a file in DATA_DIR, a key in Redis), so the server, `npm run chat` and
 * every instance on the same data sign alike and links survive restarts.
 */
export async function linkSecret(config: Config, store: Store, logger: Logger): Promise<string> {
  if (config.EXPORT_SECRET !== undefined) return config.EXPORT_SECRET;
  try {
    const secret = await store.getOrCreateValue(LINK_SECRET_NAME, randomBytes(32).toString('hex'));
    logger.info({ store: store.kind }, 'EXPORT_SECRET is not set: links are signed with the secret kept with the data');
    return secret;
  } catch (err) {
    logger.warn({ err: String(err) }, 'EXPORT_SECRET is not set and the store cannot keep one now: links are signed with a per-process key until restart');
    return randomBytes(32).toString('hex');
  }
}

/** The bot's services as the application holds them: the real push service and reminder runner. */
export interface AppServices extends BotServices {
  /** The files, and the signed links the routes and the files (Word, Excel, dashboard) use. */
  photos: { files: DirectoryPhotoFiles; links: PhotoLinks };
  push: PushService;
  reminders: ReminderRunner;
}

export async function buildServices(config: Config, logger: Logger, extras: PushExtras = {}): Promise<AppServices> {
  const store = await createStore(config, logger);
  const knowledge = loadKnowledge({ campaignYear: config.CAMPAIGN_YEAR });
  const secret = await linkSecret(config, store, logger);
  const exportTokens = new ExportTokens(secret, config.EXPORT_TTL_MINUTES * 60_000);
  const dashboardLinks = new DashboardLinks(secret, config.DASHBOARD_TTL_MINUTES * 60_000);
  const photos = {
    files: new DirectoryPhotoFiles(photoDir(config), config.PHOTO_MAX_MB * 1_048_576),
    links: new PhotoLinks(secret, config.DASHBOARD_TTL_MINUTES * 60_000, publicBaseUrl(config)),
  };
  const push = createPushService(config, store, logger, extras);
  const reminders = createReminders(config, { store, knowledge, push, logger });
  return { config, knowledge, store, exportTokens, dashboardLinks, photos, push, reminders };
}

export function buildBot(services: BotServices, logger: Logger, now?: Now): Bot {
  return createBot({ services, commands, fallback, photos: photoMessages, logger, ...(now ? { now } : {}) });
}
