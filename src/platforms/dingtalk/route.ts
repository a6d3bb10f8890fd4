// POST /dingtalk: enterprise robot HTTP callbacks (DINGTALK_MODE=http). The signature headers are
// checked before the body is read; the message is acknowledged at once and handed to the inbox,
// which answers through the push service (sessionWebhook, OpenAPI fallback).
import { createHash } from 'node:crypto';
import { systemNow } from '../../time.js';
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import { dingtalkMode } from '../../config.js';
import { readText } from '../../http/body.js';
import type { RouteModule } from '../../server.js';
import { parseJsonText } from '../decode.js';
import { StoreUnavailableError } from '../../store/types.js';
import { emptyOk, JSON_TYPES, mediaType, reject, type PlatformDeps } from '../types.js';
import { decodeDingtalk, dingtalkReplyVia } from './decode.js';
import { verifyDingtalkCallback } from './sign.js';
import { dingtalkMedia, withPictures } from './media.js';
import { withDeadline } from '../../bot/deadline.js';

/** How long a callback waits for the bot before the acknowledgement goes out anyway. */
const ACK_WINDOW_MS = 2000;

/** A pair is valid while its timestamp is within an hour of our clock: up to two hours in all. */
const SIGN_PAIR_TTL_SECONDS = 2 * 3600 + 60;

export interface DingtalkModule extends RouteModule {
  readonly enabled: boolean;
}

export function dingtalkModule(deps: PlatformDeps): DingtalkModule {
  const { config } = deps;
  const now = deps.now ?? systemNow;
  const appSecret = dingtalkMode(config) === 'http' ? config.DINGTALK_APP_SECRET : undefined;
  const media = dingtalkMedia(config, deps.logger);

  /**
   * DingTalk signs only the timestamp: one captured (timestamp, sign) pair would authorise any
   * body while it is valid. The pair is remembered with its msgId through the store (so every
   * instance agrees) for the whole window; the same pair with another msgId is refused. Two
   * claims: the pair's first sight, and the pair with this msgId (a redelivery has claimed it).
   */
  async function pairAllowed(timestamp: string, sign: string, msgId: string): Promise<boolean> {
    const pair = createHash('sha256').update(`${timestamp}\n${sign}`).digest('hex').slice(0, 40);
    const store = deps.replayStore;
    if (!store) return true;
    try {
      // Both claims at once: they are independent, so they share one round trip (one disk write).
      const [first, newForPair] = await Promise.all([
        store.claimOnce(`dingtalk-sign:${pair}`, SIGN_PAIR_TTL_SECONDS),
        store.claimOnce(`dingtalk-sign:${pair}:${createHash('sha256').update(msgId).digest('hex').slice(0, 32)}`, SIGN_PAIR_TTL_SECONDS),
      ]);
      return first || !newForPair;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      // The dedupe falls back to memory too; refusing every message while the store is down
      // would lose them.
      deps.logger.warn({ platform: 'dingtalk' }, 'signature pair not checked: store unavailable');
      return true;
    }
  }

  return {
    name: 'dingtalk',
    enabled: appSecret !== undefined,
    mount(router: Router) {
      router.post('/dingtalk', async (ctx: Context) => {
        ctx.state.platform = 'dingtalk';
        if (!appSecret) reject(ctx, 404, 'disabled', 'not found');
        const check = verifyDingtalkCallback(appSecret, ctx.get('timestamp') || undefined, ctx.get('sign') || undefined, now());
        if (!check.ok) reject(ctx, 401, check.reason === 'signature' ? 'bad-signature' : check.reason, 'invalid signature or timestamp');
        if (!(JSON_TYPES as readonly string[]).includes(mediaType(ctx))) reject(ctx, 400, 'bad-content-type', 'content type must be application/json');
        const json = parseJsonText(await readText(ctx));
        if (json === undefined) reject(ctx, 400, 'bad-body', 'malformed JSON');
        const decoded = decodeDingtalk(json, now());
        if (decoded.kind === 'invalid') reject(ctx, 400, 'bad-body', decoded.why);
        if (decoded.kind === 'ignored') return emptyOk(ctx, 'ignored');
        if (!(await pairAllowed(ctx.get('timestamp'), ctx.get('sign'), decoded.message.messageId))) {
          reject(ctx, 401, 'replayed-signature', 'signature already used for another message');
        }
        const message = { ...withPictures(decoded.message, decoded.extra, media), replyVia: dingtalkReplyVia(decoded.message, decoded.extra) };
        // Processed before the acknowledgement (within the ack window), so an acknowledged message
        // is already recorded when a crash follows; a slower answer is acknowledged at the
        // deadline and finished in the background.
        const pending = deps.inbox.receive(message);
        await withDeadline(pending, deps.ackWindowMs ?? ACK_WINDOW_MS);
        emptyOk(ctx, 'accepted');
        deps.tasks.run('dingtalk-reply', async () => void (await pending));
      });
    },
  };
}
