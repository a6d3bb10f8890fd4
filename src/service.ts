// The running service as one object, so that main.ts and tests start and stop it the same way.
import { createServer, type Server } from 'node:http';
import { type Now } from './time.js';
import type { AddressInfo } from 'node:net';
import { buildBot, buildServices, type AppServices } from './app.js';
import type { Bot } from './bot/bot.js';
import { metricsAccess, type Config } from './config.js';
import { exportModule } from './http/export-route.js';
import { dashboardModule } from './dashboard/route.js';
import { photoModule } from './http/photo-route.js';
import type { Logger } from './log.js';
import { platformModules } from './platforms/index.js';
import { createApp, createMetricsApp, type MetricsMode } from './server.js';
import { createInbox } from './inbox.js';
import { BackgroundTasks } from './tasks.js';
import { startSchedules } from './reminders/cron.js';
import { longConnections } from './transports.js';
import type { WecomWsTimings } from './platforms/wecom/ws.js';
import type { DingtalkStreamTimings } from './platforms/dingtalk/stream.js';

export interface RunningService {
  port: number;
  bot: Bot;
  services: AppServices;
  tasks: BackgroundTasks;
  /** Stop accepting, finish in-flight requests and background work (bounded), close the store. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  now?: Now;
  /** Long-connection timings (tests shorten them). */
  wecomWs?: Partial<WecomWsTimings>;
  dingtalkStream?: Partial<DingtalkStreamTimings>;
  /** How long shutdown waits for in-flight work. */
  drainMs?: number;
  /** WeCom AI bot: how long the passive reply waits for the answer before streaming it (tests shorten it). */
  wecomReplyDeadlineMs?: number;
}

export async function startService(config: Config, logger: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  const services = await buildServices(config, logger);
  logger.info({ store: services.store.kind, campaignYear: config.CAMPAIGN_YEAR }, 'services ready');
  const bot = buildBot(services, logger, options.now);
  const tasks = new BackgroundTasks(logger);
  const inbox = createInbox(bot, services.push, logger);
  const transports = longConnections(config, { inbox, store: services.store, push: services.push, logger, tasks, options });
  const access = metricsAccess(config);
  const mainMetrics: MetricsMode = access.listener === 'loopback' ? 'elsewhere' : access.mode === 'token' ? { token: access.token } : access.mode;
  const app = createApp({
    logger,
    modules: [
      ...platformModules({
        config,
        inbox,
        logger,
        tasks,
        replayStore: services.store,
        streamStore: services.store,
        ...(options.now ? { now: options.now } : {}),
        ...(options.wecomReplyDeadlineMs !== undefined ? { wecomReplyDeadlineMs: options.wecomReplyDeadlineMs } : {}),
      }),
      exportModule({
        store: services.store,
        exportTokens: services.exportTokens,
        files: { knowledge: services.knowledge, links: services.dashboardLinks, cadence: services.reminders.settings.meetings.cadence, photos: services.photos },
        ...(options.now ? { now: options.now } : {}),
      }),
      photoModule({ store: services.store, files: services.photos.files, links: services.photos.links, ...(options.now ? { now: options.now } : {}) }),
      dashboardModule({ store: services.store, knowledge: services.knowledge, links: services.dashboardLinks, photos: services.photos, meetingCadence: services.reminders.settings.meetings.cadence, ...(options.now ? { now: options.now } : {}) }),
    ],
    ready: () => services.store.checkWritable(),
    transports: () => Object.fromEntries(transports.map((t) => [t.name, t.status()])),
    metrics: mainMetrics,
    bodyTimeoutMs: config.BODY_TIMEOUT_MS,
  });
  const server = await listen(withTimeouts(createServer({ ...timeoutOptions(config) }, app.callback()), config), config.PORT, config.HOST);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, headersTimeoutMs: config.HEADERS_TIMEOUT_MS, bodyTimeoutMs: config.BODY_TIMEOUT_MS, requestTimeoutMs: config.REQUEST_TIMEOUT_MS }, 'listening');
  let metricsServer: Server | undefined;
  if (access.listener === 'loopback' && config.METRICS_PORT !== undefined) {
    const metricsApp = createMetricsApp(access.mode === 'token' ? { token: access.token } : 'open');
    metricsServer = await listen(withTimeouts(createServer({ ...timeoutOptions(config) }, metricsApp.callback()), config), config.METRICS_PORT, '127.0.0.1');
  }
  logMetricsAccess(logger, access, metricsServer);
  for (const t of transports) t.start();
  logger.info({ transports: transports.length > 0 ? transports.map((t) => t.name) : 'none (HTTP callbacks only)' }, 'long connections');
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
      // No new messages from the long connections; answers in progress still go out on them.
      for (const t of transports) t.pause();
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
      await closed;
      clearTimeout(deadline);
      if (!(await tasks.drain(drainMs))) logger.warn({ pending: tasks.size }, 'shutdown: background work still pending');
      await Promise.all(transports.map((t) => t.stop()));
      services.push.close();
      await services.store.close();
      logger.info('stopped');
    },
  };
}

/** Node's own limits for slow clients: the head, and the whole request (checked every second). */
function timeoutOptions(config: Config): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: config.HEADERS_TIMEOUT_MS,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, Math.floor(config.HEADERS_TIMEOUT_MS / 2)),
  };
}

function withTimeouts(server: Server, config: Config): Server {
  // An idle kept-alive socket may not linger longer than a request may take to arrive.
  server.keepAliveTimeout = Math.min(5000, config.REQUEST_TIMEOUT_MS);
  return server;
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Says at start-up who may read /metrics, and warns when production leaves it refused. */
function logMetricsAccess(logger: Logger, access: ReturnType<typeof metricsAccess>, metricsServer: Server | undefined): void {
  const where = metricsServer ? `127.0.0.1:${(metricsServer.address() as AddressInfo).port}` : 'main port';
  if (access.mode === 'refused') {
    logger.warn(
      { metrics: 'refused' },
      'NODE_ENV=production without METRICS_TOKEN or METRICS_PORT: GET /metrics answers 403; set METRICS_TOKEN or METRICS_PORT (a listener on 127.0.0.1 only)',
    );
  } else if (access.mode === 'token') {
    logger.info({ metrics: 'bearer token (METRICS_TOKEN)', listener: where }, 'metrics access');
  } else if (metricsServer) {
    logger.info({ metrics: 'loopback only (METRICS_PORT)', listener: where }, 'metrics access');
  } else {
    logger.info({ metrics: 'open (not production)', listener: where }, 'metrics access');
  }
}
