// The running service as one object, so that main.ts and tests start and stop it the same way.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildBot, buildServices } from './app.js';
import type { Bot } from './bot/bot.js';
import type { BotServices } from './bot/services.js';
import type { Config } from './config.js';
import { exportModule } from './http/export-route.js';
import { dashboardModule } from './dashboard/route.js';
import type { Logger } from './log.js';
import { platformModules } from './platforms/index.js';
import { createApp } from './server.js';
import { BackgroundTasks } from './tasks.js';
import { startSchedules } from '../schedules/cron.js';

export interface RunningService {
  port: number;
  bot: Bot;
  services: BotServices;
  tasks: BackgroundTasks;
  /** Stop accepting, finish in-flight requests and background work (bounded), close the store. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  now?: () => Date;
  /** How long shutdown waits for in-flight work. */
  drainMs?: number;
}

export async function startService(config: Config, logger: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  const services = await buildServices(config, logger);
  logger.info({ store: services.store.kind, campaignYear: config.CAMPAIGN_YEAR }, 'services ready');
  const bot = buildBot(services, logger, options.now);
  const tasks = new BackgroundTasks(logger);
  const app = createApp({
    logger,
    modules: [
      ...platformModules({ config, bot, store: services.store, push: services.push, logger, tasks, ...(options.now ? { now: options.now } : {}) }),
      exportModule({
        store: services.store,
        exportTokens: services.exportTokens,
        files: { knowledge: services.knowledge, links: services.dashboardLinks, cadence: services.reminders.settings.meetings.cadence },
        ...(options.now ? { now: options.now } : {}),
      }),
      dashboardModule({ store: services.store, knowledge: services.knowledge, links: services.dashboardLinks, ...(options.now ? { now: options.now } : {}) }),
    ],
    ready: () => services.store.ping(),
    ...(config.METRICS_TOKEN !== undefined ? { metricsToken: config.METRICS_TOKEN } : {}),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'listening');
  const drainMs = options.drainMs ?? config.SHUTDOWN_TIMEOUT_MS;
  // Reminders: daily cron firings (one instance per firing), plus a catch-up of what came due
  // while no instance was running. SCHEDULES_ENABLED=false turns both off (tests, console).
  const schedules = config.SCHEDULES_ENABLED
    ? startSchedules({ runner: services.reminders, store: services.store, logger, ...(options.now ? { now: options.now } : {}) })
    : undefined;
  if (schedules) tasks.run('reminders-catch-up', async () => void (await schedules.catchUp()));

  return {
    port,
    bot,
    services,
    tasks,
    async stop() {
      await schedules?.stop(drainMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
      await closed;
      clearTimeout(deadline);
      if (!(await tasks.drain(drainMs))) logger.warn({ pending: tasks.size }, 'shutdown: background work still pending');
      await services.store.close();
      logger.info('stopped');
    },
  };
}
