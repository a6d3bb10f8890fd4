// One way out for every message sent after the fact, reminders and late replies alike: look up
// the group's push channel (or take the address a callback came with), wait for the robot's rate
// limit, send with the platform's own sender (timeouts and bounded retries live there), count it,
// and mark a stored channel dead when the platform says the address or token is invalid for good.
// A send the platform refused for now (rate limit, busy) is tried again after a back-off (after
// the rate window for a rate limit); a send that may have arrived (timeout) never is; what is
// finally given up is counted in djzs_push_drops_total.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ReplyVia } from '../bot/message.js';
import type { PushResult } from '../bot/services.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { pushDrops, pushes } from '../metrics.js';
import { sendInOrder, type HttpTuning, type SendResult } from '../platforms/http.js';
import { LIMITS, paginate } from '../platforms/render.js';
import { sendWecomWebhook, wecomWebhookKey, wecomWebhookUrl } from '../platforms/wecom/webhook.js';
import { dingtalkMarkdownMessages, sendDingtalkRobot, sendDingtalkSession } from '../platforms/dingtalk/send.js';
import { markdownParams, type DingtalkOpenApi } from '../platforms/dingtalk/openapi.js';
import type { WecomLink } from '../platforms/wecom/link.js';
import type { PushChannel, PushChannelRecord, Store } from '../store/types.js';
import { sleep, systemNow, type Now } from '../time.js';
import { mapLimit } from './concurrency.js';
import { explainFailure } from './explain.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { ChannelCapture, channelFromTraffic, NO_LINK, sendReply, type ReplySenders } from './replies.js';
import { WsRelay, type WsRelayTimings } from './ws-relay.js';
import { channelDead, mayHaveArrived, retryable } from '../send-failure.js';
import type { GroupRef, Reply } from '../core.js';

export interface PushServiceOptions {
  store: Store;
  config: Pick<Config, 'WECOM_API_BASE' | 'DINGTALK_OAPI_BASE'>;
  logger: Logger;
  /** DingTalk enterprise robot API, when DINGTALK_APP_KEY / _SECRET / _ROBOT_CODE are set. */
  openApi?: DingtalkOpenApi;
  http?: HttpTuning;
  now?: Now;
  /** Messages per robot per window (platform limit: 20 per minute). */
  perWindow?: number;
  /** A little over a minute: the platform counts arrivals, we count starts. */
  windowMs?: number;
  /** Sends in flight during a fan-out. */
  concurrency?: number;
  /** Retries of a send the platform refused for now. */
  retry?: Partial<RetryPolicy>;
  /** Hand-over of WeCom long-connection sends to the instance holding it (Redis only). */
  relay?: Partial<WsRelayTimings>;
}

export interface RetryPolicy {
  /** Extra tries after the first (default 3). */
  attempts: number;
  /** First back-off for a busy platform, doubled each time (default 2000 ms). */
  backoffMs: number;
  /** Wait after a rate-limit answer (reason 'rate_limited': WeCom 45009/45033, DingTalk 130101/410100, HTTP 429): default the robot's window. */
  rateWindowMs: number;
}

export type { PushResult } from '../bot/services.js';

export const PUSH_DEFAULTS = { perWindow: 20, windowMs: 61_000, concurrency: 4 } as const;

export interface SendViaOptions {
  /** Mention this user at the top (WeCom webhook `<@userid>`, DingTalk `@staffId`). */
  mentionUserId?: string;
}

export class PushService {
  readonly concurrency: number;
  /** DingTalk enterprise robot API when configured; one token cache for the whole process. */
  readonly openApi: DingtalkOpenApi | undefined;
  private readonly limiter: SlidingWindowLimiter;
  private readonly now: Now;
  private readonly retry: RetryPolicy;
  private readonly captures: ChannelCapture;
  private wecom: WecomLink | undefined;
  /** Several instances (Redis): proactive long-connection sends go through the holder. */
  private readonly relay: WsRelay | undefined;

  constructor(private readonly options: PushServiceOptions) {
    this.now = options.now ?? systemNow;
    this.captures = new ChannelCapture(options.store, options.logger, this.now);
    this.openApi = options.openApi;
    this.concurrency = options.concurrency ?? PUSH_DEFAULTS.concurrency;
    const windowMs = options.windowMs ?? PUSH_DEFAULTS.windowMs;
    this.retry = { attempts: 3, backoffMs: 2000, rateWindowMs: windowMs, ...options.retry };
    const store = options.store;
    this.relay = store.kind === 'redis' ? new WsRelay(store, options.logger, options.relay) : undefined;
    this.limiter = new SlidingWindowLimiter(
      options.perWindow ?? PUSH_DEFAULTS.perWindow,
      windowMs,
      this.now,
      // Redis: one window per robot across every instance; embedded: in this process.
      store.kind === 'redis' ? (key, limit, ms) => store.takeRate(`push:${key}`, limit, ms) : undefined,
    );
  }

  /** The WeCom long connection, once it exists (replies and `wecom-ws` channels go through it). */
  attachWecomLink(link: WecomLink): void {
    this.wecom = link;
    // Whenever this instance holds the connection, it sends what the others hand over.
    this.relay?.serve(link);
  }

  /** Stops serving relayed sends (shutdown). */
  close(): void {
    this.relay?.stop();
  }

  /** Answers a message the way it came (see replies.ts for the fallbacks). */
  reply(via: ReplyVia, reply: Reply): Promise<SendResult> {
    return sendReply(this.replySenders(), via, reply);
  }

  /** Keeps the group's push channel up to date from its traffic (an admin-set channel wins). */
  capture(message: IncomingMessage): Promise<void> {
    return this.captures.capture(message, channelFromTraffic(message.replyVia, message.conversationId, this.openApi !== undefined));
  }

  private replySenders(): ReplySenders {
    const { store, logger, config } = this.options;
    return {
      store,
      logger,
      oapiBase: config.DINGTALK_OAPI_BASE,
      now: this.now,
      openApi: this.openApi,
      wecomLink: () => this.wecom,
      sendVia: (channel, reply, options) => this.sendVia(channel, reply, options),
      sendSession: (url, reply, options) => this.sendSession(url, reply, options),
      sendStored: async (group, reply) => {
        const result = await this.send(group, reply);
        if (result.status === 'sent') return { ok: true };
        // Already tried, counted and explained by send(): the caller only needs "not delivered".
        return { ok: false, meaning: `stored channel: ${result.status}`, reason: 'rejected' };
      },
      sendDingtalkUsers: async (userIds, reply) => {
        const openApi = this.openApi;
        if (!openApi) return { ok: false, meaning: 'DingTalk OpenAPI not configured', reason: 'not_configured' };
        const result = await this.each(`openapi-users:${userIds.join(',')}`, markdownParams(reply), (param) =>
          openApi.sendToUsers(userIds, 'sampleMarkdown', JSON.stringify(param)),
        );
        pushes.inc({ platform: 'dingtalk', result: result.ok ? 'sent' : 'failed' });
        countDrop('dingtalk', result);
        return result;
      },
      countReply: (platform, result) => {
        pushes.inc({ platform, result: result.ok ? 'sent' : 'failed' });
        countDrop(platform, result);
      },
    };
  }

  channel(group: GroupRef): Promise<PushChannelRecord | null> {
    return this.options.store.getPushChannel(group);
  }

  /** Sends to a group's channel. `force` tries a dead channel too (推送 测试). */
  async send(group: GroupRef, reply: Reply, options: { force?: boolean } = {}): Promise<PushResult> {
    const record = await this.channel(group);
    if (!record) return { status: 'no-channel' };
    if (record.dead && !options.force) return { status: 'dead', reason: record.dead.reason };
    return this.deliver(group, record, reply);
  }

  /** Sends through a channel record already read; marks it dead when the platform says so. */
  async deliver(group: GroupRef, record: PushChannelRecord, reply: Reply): Promise<PushResult> {
    const platform = platformOf(record.channel);
    const result = await this.sendVia(record.channel, reply);
    if (result.ok) return { status: 'sent' };
    const explanation = explainFailure(result);
    this.options.logger.warn(
      { platform, channel: record.channel.kind, conversationId: group.conversationId, errcode: result.errcode, meaning: result.meaning, reason: result.reason },
      'push failed',
    );
    const dead = channelDead(result.reason);
    if (dead) {
      try {
        await this.options.store.markPushChannelDead(group, explanation, this.now().toISOString());
      } catch (err) {
        this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not mark push channel dead');
      }
    }
    return { status: 'failed', explanation, reason: result.reason, markedDead: dead };
  }

  /** Runs `fn` over `items` with at most `concurrency` in flight. */
  forEach<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
    return mapLimit(items, this.concurrency, fn);
  }

  /**
   * Sends through a channel given directly, e.g. the robot address a WeCom callback came with:
   * the same rate limit per robot as reminders, the same counting. Nothing is marked dead here.
   */
  async sendVia(channel: PushChannel, reply: Reply, options: SendViaOptions = {}): Promise<SendResult> {
    const platform = platformOf(channel);
    const result = await this.sendParts(channel, reply, options);
    pushes.inc({ platform, result: result.ok ? 'sent' : 'failed' });
    countDrop(platform, result);
    return result;
  }

  /**
   * Answers through a DingTalk sessionWebhook (already rebased onto DINGTALK_OAPI_BASE). Session
   * replies have no documented per-robot limit, so they are not queued behind reminders.
   */
  async sendSession(url: string, reply: Reply, options: SendViaOptions = {}): Promise<SendResult> {
    const sendOptions = { logger: this.options.logger, ...this.options.http };
    const result = await sendInOrder(dingtalkMarkdownMessages(reply, options.mentionUserId), (message) =>
      this.persist(() => sendDingtalkSession(url, message, sendOptions)),
    );
    pushes.inc({ platform: 'dingtalk', result: result.ok ? 'sent' : 'failed' });
    countDrop('dingtalk', result);
    return result;
  }

  private async sendParts(channel: PushChannel, reply: Reply, options: SendViaOptions): Promise<SendResult> {
    const { logger, http, config, openApi } = this.options;
    const sendOptions = { logger, ...http };
    switch (channel.kind) {
      case 'wecom-webhook': {
        // Rebuilt from the key so that only our configured WECOM_API_BASE is ever called.
        const key = wecomWebhookKey(channel.url);
        if (!key) return { ok: false, meaning: 'stored webhook url has no key', reason: 'invalid_webhook' };
        const url = wecomWebhookUrl(config.WECOM_API_BASE, key);
        const head = options.mentionUserId ? `<@${options.mentionUserId}>\n` : '';
        const parts = paginate(reply.markdown, { maxBytes: LIMITS.wecomMarkdown, head });
        return this.each(`wecom:${key}`, parts, (part) => sendWecomWebhook(url, part, sendOptions));
      }
      case 'wecom-ws': {
        // Proactive send over the long connection (aibot_send_msg), same per-chat rate limit. Not
        // held here: the instance holding it sends (ws-relay.ts); one process: nobody else can.
        const link = this.wecom;
        const relay = this.relay;
        const send = link?.ready
          ? (part: string) => link.sendMarkdown(channel.chatId, part)
          : relay
            ? (part: string) => relay.send(channel.chatId, part)
            : undefined;
        if (!send) return NO_LINK;
        const parts = paginate(reply.markdown, { maxBytes: LIMITS.wecomStream });
        return this.each(`wecom-ws:${channel.chatId}`, parts, send);
      }
      case 'dingtalk-robot': {
        const robot = { ...sendOptions, oapiBase: config.DINGTALK_OAPI_BASE, now: this.now };
        return this.each(`dingtalk:${channel.accessToken}`, dingtalkMarkdownMessages(reply), (message) =>
          sendDingtalkRobot(channel.accessToken, channel.secret, message, robot),
        );
      }
      case 'dingtalk-openapi': {
        if (!openApi) {
          return { ok: false, meaning: 'DingTalk OpenAPI not configured', reason: 'not_configured' };
        }
        const id = channel.openConversationId;
        return this.each(`openapi:${id}`, markdownParams(reply), (param) => openApi.sendGroup(id, 'sampleMarkdown', JSON.stringify(param)));
      }
    }
  }

  /** Sends parts in order, each after the robot's rate limit allows it; stops at the first failure. */
  private async each<T>(robot: string, parts: readonly T[], send: (part: T) => Promise<SendResult>): Promise<SendResult> {
    // The limiter keys on a hash: keys and tokens are not kept in plain text longer than needed.
    const key = createHash('sha256').update(robot).digest('hex').slice(0, 32);
    return sendInOrder(parts, (part) =>
      this.persist(async () => {
        await this.limiter.acquire(key);
        return send(part);
      }),
    );
  }

  /** Tries again what the platform refused for now; never what may have arrived. */
  private async persist(send: () => Promise<SendResult>): Promise<SendResult> {
    let result = await send();
    for (let attempt = 0; attempt < this.retry.attempts && !result.ok && retryable(result.reason); attempt += 1) {
      const wait = result.reason === 'rate_limited' ? this.retry.rateWindowMs : this.retry.backoffMs;
      await sleep(wait * 2 ** attempt);
      result = await send();
    }
    return result;
  }
}

/** A send finally given up: why, in a few fixed words (retries exhausted, unknown, refused). */
function countDrop(platform: 'wecom' | 'dingtalk', result: SendResult): void {
  if (result.ok) return;
  const why = result.reason;
  const reason = mayHaveArrived(why) ? 'unknown' : retryable(why) ? 'retries_exhausted' : channelDead(why) ? 'dead' : 'refused';
  pushDrops.inc({ platform, reason });
}

function platformOf(channel: PushChannel): 'wecom' | 'dingtalk' {
  return channel.kind === 'wecom-webhook' || channel.kind === 'wecom-ws' ? 'wecom' : 'dingtalk';
}
