// WeCom AI bot (智能机器人) callbacks: encrypted JSON in, encrypted passive reply out
// (document/path/100719, /101031). The answer goes out as a finished stream when the bot is quick;
// otherwise as an unfinished stream ("正在查询…") that WeCom polls with stream refresh callbacks.
// The stream's state is kept in this instance's memory and in the store (deps.streamStore), so a
// refresh that a load balancer sends to another instance still gets the finished answer.
import type { Context } from 'koa';
import { systemNow } from '../../time.js';
import type { IncomingMessage } from '../../bot/message.js';
import { DUPLICATE_TEXT, EXPIRED_TEXT, FAILED_TEXT, PENDING_TEXT, WELCOME_TEXT } from '../../bot/texts.js';
import { withDeadline } from '../../bot/deadline.js';
import { feedbackEvents } from '../../metrics.js';
import type { MessageFields } from '../decode.js';
import { LIMITS, truncateText } from '../render.js';
import { emptyOk, reject, type PlatformDeps } from '../types.js';
import { encryptedReply, type WecomCallbackSecrets } from './crypto.js';
import { decodeAibot, type AibotExtra } from './decode.js';
import { wecomMedia } from './media.js';
import { newStreamId, StreamRegistry } from './streams.js';
import type { StreamState } from '../../store/types.js';

/** WeCom polls an unfinished stream for up to 6 minutes; the state is kept a little longer. */
const STREAM_TTL_SECONDS = 10 * 60;
/** Longest the passive reply waits for the stream's pending state to reach the store. */
const SHARE_WAIT_MS = 1500;
import type { CallbackQuery } from './query.js';
import type { Reply } from '../../core.js';

export { EXPIRED_TEXT, FAILED_TEXT, PENDING_TEXT, WELCOME_TEXT };

export function streamContent(reply: Reply): string {
  return truncateText(reply.markdown, LIMITS.wecomStream);
}

export interface AibotHandler {
  handle(ctx: Context, query: CallbackQuery, plaintext: string): Promise<void>;
  readonly streams: StreamRegistry;
}

export function createAibotHandler(deps: PlatformDeps, secrets: WecomCallbackSecrets): AibotHandler {
  const now = deps.now ?? systemNow;
  const deadlineMs = deps.wecomReplyDeadlineMs ?? 3000;
  const streams = new StreamRegistry(STREAM_TTL_SECONDS * 1000);
  const shared = deps.streamStore;

  /** Best effort: without the store this instance still answers the refreshes it receives. */
  async function share(id: string, state: StreamState): Promise<void> {
    if (!shared) return;
    try {
      await shared.putStream(id, state, STREAM_TTL_SECONDS);
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err), platform: 'wecom' }, 'stream state not shared: store unavailable');
    }
  }

  /** This instance's own stream first; one opened by another instance is read from the store. */
  async function streamState(id: string): Promise<StreamState | undefined | 'unavailable'> {
    const local = streams.get(id, now().getTime());
    if (local || !shared) return local;
    try {
      return (await shared.getStream(id)) ?? undefined;
    } catch {
      return 'unavailable';
    }
  }
  const media = wecomMedia(deps.config);

  function answer(ctx: Context, query: CallbackQuery, outcome: string, body: unknown): void {
    const seconds = Math.floor(now().getTime() / 1000);
    ctx.state.outcome = outcome;
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(encryptedReply(secrets, JSON.stringify(body), query.nonce, seconds));
  }

  function answerStream(ctx: Context, query: CallbackQuery, outcome: string, id: string, finish: boolean, content: string): void {
    answer(ctx, query, outcome, { msgtype: 'stream', stream: { id, finish, content } });
  }

  async function onMessage(ctx: Context, query: CallbackQuery, fields: MessageFields, extra: AibotExtra): Promise<void> {
    // The answer goes back in this HTTP response (or a stream WeCom polls): passive.
    const attachments = media.attachments(extra.images);
    const message: IncomingMessage = { ...fields, ...(attachments.length > 0 ? { attachments } : {}), replyVia: { kind: 'passive' } };
    const pending = deps.inbox.receive(message);
    const first = await withDeadline(pending, deadlineMs);
    if (first.done) {
      if ('error' in first) {
        deps.logger.error({ err: first.error, platform: 'wecom' }, 'bot failed');
        answerStream(ctx, query, 'failed', newStreamId(), true, FAILED_TEXT);
        return;
      }
      if (first.outcome.kind === 'duplicate') {
        emptyOk(ctx, 'duplicate');
        return;
      }
      answerStream(ctx, query, 'answered', newStreamId(), true, streamContent(first.outcome.reply));
      return;
    }
    // Too slow for the passive reply: open a stream and finish it when the answer is ready. The
    // pending state is shared before the reply goes out, so any instance knows the stream id.
    const id = streams.open(now().getTime());
    const opened = share(id, { finished: false });
    deps.tasks.run('wecom-stream', async () => {
      let content: string;
      try {
        const outcome = await pending;
        content = outcome.kind === 'answered' ? streamContent(outcome.reply) : DUPLICATE_TEXT;
      } catch (err) {
        streams.finish(id, FAILED_TEXT);
        await opened;
        await share(id, { finished: true, content: FAILED_TEXT });
        throw err;
      }
      streams.finish(id, content);
      await opened;
      await share(id, { finished: true, content });
    });
    // WeCom wants the passive reply within 5 s (deadline 3 s): a slow store may delay it by 1.5 s at most.
    await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, SHARE_WAIT_MS).unref())]);
    answerStream(ctx, query, 'streaming', id, false, PENDING_TEXT);
  }

  async function onStreamRefresh(ctx: Context, query: CallbackQuery, id: string): Promise<void> {
    const state = await streamState(id);
    // The store cannot be read now: keep the stream open, WeCom polls again.
    if (state === 'unavailable') answerStream(ctx, query, 'stream-pending', id, false, PENDING_TEXT);
    else if (!state) answerStream(ctx, query, 'stream-expired', id, true, EXPIRED_TEXT);
    else if (!state.finished) answerStream(ctx, query, 'stream-pending', id, false, PENDING_TEXT);
    else answerStream(ctx, query, 'stream-finished', id, true, state.content);
  }

  return {
    streams,
    async handle(ctx, query, plaintext) {
      let json: unknown;
      try {
        json = JSON.parse(plaintext);
      } catch {
        reject(ctx, 400, 'bad-message', 'decrypted message is not JSON');
      }
      const decoded = decodeAibot(json, now());
      switch (decoded.kind) {
        case 'invalid':
          return reject(ctx, 400, 'bad-message', decoded.why);
        case 'stream-refresh':
          return onStreamRefresh(ctx, query, decoded.streamId);
        case 'event':
          if (decoded.event.event === 'feedback') feedbackEvents.inc({ platform: 'wecom', feedback: decoded.event.feedback });
          if (decoded.event.event === 'enter_chat') answer(ctx, query, 'event', { msgtype: 'text', text: { content: WELCOME_TEXT } });
          else emptyOk(ctx, 'event');
          return;
        case 'ignored':
          return emptyOk(ctx, 'ignored');
        case 'message':
          return onMessage(ctx, query, decoded.message, decoded.extra);
      }
    },
  };
}
