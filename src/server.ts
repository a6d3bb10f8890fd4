// The Koa app: request ids and log lines, error mapping (a client never causes a 500), health,
// and the routes each enabled platform mounts.
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import { Router } from '@koa/router';
import type { Logger } from './log.js';
import { ClientError } from './http/body.js';
import { messagesReceived, registry, storeErrors } from './metrics.js';
import { safeEqual } from './safe-equal.js';
import { StoreUnavailableError } from './store/types.js';

/** A platform (or other feature) that adds routes to the app. */
export interface RouteModule {
  name: string;
  mount(router: Router): void;
}

export interface ServerOptions {
  logger: Logger;
  modules: readonly RouteModule[];
  /** Readiness probe: resolves when dependencies (the store) answer and can take a write. */
  ready?: () => Promise<void>;
  /**
   * GET /metrics on this app: 'open', a bearer token, 'refused' (production without a token or a
   * loopback listener: 403), or 'elsewhere' (served on the loopback METRICS_PORT listener: 404 here).
   * Default 'open'.
   */
  metrics?: MetricsMode;
  /** Deadline for a request body, from the request's start (default 10 s): slow bodies get 408. */
  bodyTimeoutMs?: number;
  /** The long connections' states, shown by /readyz (a standby or reconnecting one does not make the instance unready). */
  transports?: () => Record<string, { state: string; detail?: string; since: string }>;
}

export type MetricsMode = 'open' | 'refused' | 'elsewhere' | { token: string };

export function createApp(options: ServerOptions): Koa {
  const { logger } = options;
  const app = new Koa({ proxy: true });
  app.silent = true;

  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.startedAt = Date.now();
    if (options.bodyTimeoutMs !== undefined) ctx.state.bodyTimeoutMs = options.bodyTimeoutMs;
    ctx.set('x-request-id', requestId);
    try {
      await next();
    } catch (err) {
      if (err instanceof ClientError) {
        ctx.status = err.status;
        ctx.body = err.message;
        // The rest of a body we stopped reading must not be taken for the next request.
        if (err.status === 408 || err.status === 413) ctx.set('connection', 'close');
      } else if (isHttpError(err) && err.status < 500) {
        ctx.status = err.status;
        ctx.body = err.expose ? err.message : 'bad request';
      } else {
        logger.error({ err, requestId }, 'request failed');
        ctx.status = 500;
        ctx.body = 'internal error';
      }
    }
    countRefused(ctx.state, ctx.status);
    if (logger.isLevelEnabled('info')) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId, method: ctx.method, path: withoutTokens(ctx.path), status: ctx.status, ms: Math.round(ms * 10) / 10, ...outcomeOf(ctx.state) },
        'request',
      );
    }
  });

  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await options.ready?.();
      ctx.body = { status: 'ready', ...transportsOf(options) };
    } catch (err) {
      storeErrors.inc();
      ctx.status = 503;
      const reason = err instanceof StoreUnavailableError && err.reason !== undefined ? err.reason : '存储不可用';
      ctx.body = { status: 'unavailable', reason, ...transportsOf(options) };
    }
  });
  const metrics = options.metrics ?? 'open';
  if (metrics !== 'elsewhere') router.get('/metrics', (ctx) => serveMetrics(ctx, metrics));
  for (const module of options.modules) module.mount(router);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/** The app of the loopback-only METRICS_PORT listener: /metrics and nothing else. */
export function createMetricsApp(mode: 'open' | { token: string }): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    if (ctx.method !== 'GET' || ctx.path !== '/metrics') {
      ctx.status = 404;
      return;
    }
    await serveMetrics(ctx, mode);
  });
  return app;
}

async function serveMetrics(ctx: Koa.Context, mode: 'open' | 'refused' | { token: string }): Promise<void> {
  if (mode === 'refused') {
    ctx.status = 403;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = '生产环境中 /metrics 需要 METRICS_TOKEN，或用 METRICS_PORT 开一个只在 127.0.0.1 上监听的端口';
    return;
  }
  if (typeof mode === 'object' && !bearerMatches(ctx.get('authorization'), mode.token)) {
    ctx.status = 401;
    ctx.set('www-authenticate', 'Bearer');
    ctx.body = 'metrics token required';
    return;
  }
  ctx.type = registry.contentType;
  ctx.body = await registry.metrics();
}

/** Platform requests the bot never saw (refused, malformed, ignored) are counted here; the bot counts the rest. */
function countRefused(state: Record<string, unknown>, status: number): void {
  if (state.platform !== 'wecom' && state.platform !== 'dingtalk') return;
  const outcome =
    status === 401 ? 'rejected' : status >= 400 ? 'bad_request' : state.outcome === 'ignored' || state.outcome === 'event' ? 'ignored' : undefined;
  if (outcome) messagesReceived.inc({ platform: state.platform, outcome });
}

function transportsOf(options: ServerOptions): { transports?: Record<string, unknown> } {
  const transports = options.transports?.();
  return transports && Object.keys(transports).length > 0 ? { transports } : {};
}

function bearerMatches(header: string, token: string): boolean {
  return safeEqual(token, header.replace(/^Bearer\s+/iu, ''));
}

/** Link tokens are credentials: the log shows /d/… and /export/… without them. */
export function withoutTokens(path: string): string {
  return path.replace(/^\/(d|export)\/(?!assets\/)[^/]+/u, '/$1/…');
}

function outcomeOf(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof state.platform === 'string') out.platform = state.platform;
  if (typeof state.outcome === 'string') out.outcome = state.outcome;
  return out;
}

function isHttpError(err: unknown): err is { status: number; expose?: boolean; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}
