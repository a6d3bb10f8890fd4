// Proactive sends over the WeCom long connection from an instance that does not hold it. WeCom
// allows one connection per bot, so with several instances only the lease holder can send to a
// group whose only channel is that connection (a `wecom-ws` push channel). A reminder run that
// lands on another instance hands each message to the holder through the store: it queues the
// request, the holder (the one instance whose link is ready) takes it, sends it and leaves the
// result under the request's id, which the requester reads back.
//
// Why a relay and not "run reminders on the holder": the cron lock picks any instance per firing,
// and the same run also serves webhook and DingTalk groups that need no connection; tying the
// whole run to the holder would stop every reminder while the connection is down or changing
// hands. The relay keeps each delivery's outcome exact: sent, not taken by any holder (safe to
// retry next run), or taken but unanswered (unknown: never sent again, like a timed-out send).
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';
import type { SendResult } from '../platforms/http.js';
import type { WecomLink } from '../platforms/wecom/link.js';
import type { Store } from '../store/types.js';
import { isFailureReason } from '../send-failure.js';

export const RELAY_QUEUE = 'wecom-ws-sends';

export interface WsRelayTimings {
  /** How long a requester waits for a holder to take and send its message (default 15 s). */
  waitMs: number;
  /** After that, how long it still waits for the answer of a message a holder did take (default 10 s). */
  graceMs: number;
  /** How often the requester looks for the answer and the holder for requests (default 200 ms). */
  pollMs: number;
}

export const WS_RELAY_TIMINGS: WsRelayTimings = { waitMs: 15_000, graceMs: 10_000, pollMs: 200 };

interface RelayRequest {
  id: string;
  chatId: string;
  content: string;
  /** A holder taking the request later than this does not send it (the requester gave up). */
  expiresAt: number;
}

// Not retried on the spot: the wait already gave a holder its chance; the next run tries again.
const NO_HOLDER: SendResult = {
  ok: false,
  meaning: 'no instance holds the long connection',
  explanation: '企业微信长连接目前不在任何实例上（可能正在重连或切换），这条消息没有发出，下次运行时重试',
  reason: 'not_configured',
};
const TAKEN_UNANSWERED: SendResult = {
  ok: false,
  meaning: 'the connection holder took the message but did not answer',
  explanation: '已交给持有企业微信长连接的实例，但没有收到结果：可能已送达，为免重复不再重发',
  reason: 'timeout',
};

export class WsRelay {
  private readonly t: WsRelayTimings;
  private timer: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    timings: Partial<WsRelayTimings> = {},
  ) {
    this.t = { ...WS_RELAY_TIMINGS, ...timings };
  }

  /** Requester: has the holder send `content` to `chatId`; resolves with the holder's result. */
  async send(chatId: string, content: string): Promise<SendResult> {
    const request: RelayRequest = { id: randomUUID(), chatId, content, expiresAt: Date.now() + this.t.waitMs };
    const item = JSON.stringify(request);
    try {
      await this.store.pushQueue(RELAY_QUEUE, item, Math.ceil((this.t.waitMs + this.t.graceMs) / 1000) + 60);
    } catch (err) {
      return { ok: false, meaning: `relay not queued: ${err instanceof Error ? err.message : String(err)}`, reason: 'no_link' };
    }
    const answered = await this.answer(request.id, request.expiresAt);
    if (answered) return answered;
    // Not answered in time: still queued means no holder took it, so it was never sent.
    const withdrawn = await this.store.removeFromQueue(RELAY_QUEUE, item).catch(() => false);
    if (withdrawn) return NO_HOLDER;
    return (await this.answer(request.id, Date.now() + this.t.graceMs)) ?? TAKEN_UNANSWERED;
  }

  private async answer(id: string, until: number): Promise<SendResult | undefined> {
    for (;;) {
      const text = await this.store.getShortLived(answerKey(id)).catch(() => null);
      if (text !== null) return parseResult(text);
      if (Date.now() >= until) return undefined;
      await new Promise((r) => setTimeout(r, this.t.pollMs));
    }
  }

  /** Holder: while `link` is ready on this instance, takes queued requests and sends them. */
  serve(link: WecomLink): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!link.ready || this.draining) return;
      this.draining = true;
      this.drain(link)
        .catch((err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'long-connection relay: store unavailable'))
        .finally(() => {
          this.draining = false;
        });
    }, this.t.pollMs);
    this.timer.unref();
  }

  private async drain(link: WecomLink): Promise<void> {
    while (link.ready) {
      const item = await this.store.takeQueue(RELAY_QUEUE);
      if (item === null) return;
      const request = parseRequest(item);
      if (!request) continue;
      // The requester has given up and will report it not sent: do not send it behind its back.
      const result: SendResult = Date.now() > request.expiresAt ? NO_HOLDER : await link.sendMarkdown(request.chatId, request.content);
      await this.store.setShortLived(answerKey(request.id), JSON.stringify(result), 120);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

function answerKey(id: string): string {
  return `ws-relay:${id}`;
}

function parseRequest(text: string): RelayRequest | undefined {
  try {
    const raw = JSON.parse(text) as Partial<RelayRequest>;
    if (typeof raw.id === 'string' && typeof raw.chatId === 'string' && typeof raw.content === 'string' && typeof raw.expiresAt === 'number') {
      return { id: raw.id, chatId: raw.chatId, content: raw.content, expiresAt: raw.expiresAt };
    }
  } catch {
    // A foreign value under our key: skipped.
  }
  return undefined;
}

function parseResult(text: string): SendResult {
  try {
    const raw = JSON.parse(text) as { ok?: unknown; meaning?: unknown; reason?: unknown; errcode?: unknown; explanation?: unknown };
    if (raw.ok === true) return { ok: true };
    return {
      ok: false,
      meaning: typeof raw.meaning === 'string' ? raw.meaning : 'relayed send failed',
      // A reason this version does not know: treat it as possibly delivered (never resent).
      reason: isFailureReason(raw.reason) ? raw.reason : 'timeout',
      ...(typeof raw.errcode === 'number' ? { errcode: raw.errcode } : {}),
      ...(typeof raw.explanation === 'string' ? { explanation: raw.explanation } : {}),
    };
  } catch {
    return TAKEN_UNANSWERED;
  }
}
