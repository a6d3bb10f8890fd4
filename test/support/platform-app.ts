// The platform layer on loopback, as the platform integration tests start it: the real bot
// (createTestBot), a fake platform API, the platform routes in a real app, and a push service with
// fast retries. `deps()` builds the routes' dependencies again for a variant app (another bot, a
// shorter deadline, another config).
import type { Bot } from '../../src/bot/bot.js';
import { createInbox } from '../../src/inbox.js';
import { platformModules, type PlatformDeps } from '../../src/platforms/index.js';
import { createPushService } from '../../src/push/build.js';
import { BackgroundTasks } from '../../src/tasks.js';
import { captureLogger, startApp, startFake, type CapturedLogger, type FakeServer, type RunningApp } from '../platforms/support.js';
import { createTestBot, type TestBot } from './bot.js';

export interface PlatformApp {
  fake: FakeServer;
  tb: TestBot;
  app: RunningApp;
  tasks: BackgroundTasks;
  log: CapturedLogger;
  deps(over?: Partial<PlatformDeps> & { bot?: Bot }): PlatformDeps;
  /** Another app on these dependencies with `over` changed; the caller closes it. */
  variant(over: Partial<PlatformDeps> & { bot?: Bot }): Promise<RunningApp>;
  /** The real bot, answering only after `ms` (a slow store or search). */
  slowBot(ms: number): Bot;
  /** Between tests: background work finished, what the fake recorded and its answers forgotten. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const FAST_HTTP = { timeoutMs: 1000, retries: 1, backoffMs: 5 };

/** `env(fakeUrl)`: the platform's variables, its API pointed at the fake (none: every platform off). */
export async function startPlatformApp(env: (fakeUrl: string) => Record<string, string> = () => ({})): Promise<PlatformApp> {
  const fake = await startFake();
  const tb = await createTestBot({ env: env(fake.url) });
  const log = captureLogger();
  const tasks = new BackgroundTasks(log.logger);
  const push = createPushService(tb.config, tb.store, log.logger, { http: FAST_HTTP, retry: { backoffMs: 5, rateWindowMs: 5 } });
  const deps = ({ bot, ...rest }: Partial<PlatformDeps> & { bot?: Bot } = {}): PlatformDeps => ({
    config: tb.config,
    inbox: createInbox(bot ?? tb.bot, push, log.logger),
    logger: log.logger,
    tasks,
    ...rest,
  });
  const app = await startApp(platformModules(deps()), log.logger);
  return {
    fake,
    tb,
    app,
    tasks,
    log,
    deps,
    variant: (over) => startApp(platformModules(deps(over)), log.logger),
    slowBot: (ms) => ({
      commands: tb.bot.commands,
      async handle(message) {
        await new Promise((r) => setTimeout(r, ms));
        return tb.bot.handle(message);
      },
    }),
    async reset() {
      await tasks.drain(5000);
      fake.requests.length = 0;
      fake.respond(undefined);
    },
    async close() {
      await tasks.drain(5000);
      await app.close();
      await fake.close();
      await tb.close();
    },
  };
}
