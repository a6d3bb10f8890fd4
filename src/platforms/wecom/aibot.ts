// WeCom AI bot (智能机器人) callbacks: encrypted JSON in, encrypted passive reply out
// (document/path/100719, /101031). The answer goes out as a finished stream when the bot is quick;
// otherwise as an unfinished stream ("正在查询…") that WeCom polls with stream refresh callbacks.
import type { Context } from 'koa';
import { z } from 'zod';
import type { IncomingMessage, Reply } from '../../bot/message.js';
import { withDeadline } from '../../bot/deadline.js';
import { LIMITS, truncateText } from '../render.js';
import { emptyOk, reject, type PlatformDeps } from '../types.js';
import { encryptedReply, type WecomCallbackSecrets } from './crypto.js';
import { newStreamId, StreamRegistry } from './streams.js';
import type { CallbackQuery } from './query.js';

export const PENDING_TEXT = '正在查询…';
export const EXPIRED_TEXT = '抱歉，这条回答已过期，请重新提问。';
export const FAILED_TEXT = '抱歉，处理这条消息时出错了，请稍后再试。';
export const WELCOME_TEXT = '您好，我是党建助手。可以直接提问“双强六好”标准，例如“第7条”；发送“帮助”查看全部命令。';
const DUPLICATE_TEXT = '（这条消息已在处理，请查看上一条回答。）';

const textPart = z.object({ content: z.string() });
const idLike = z.union([z.string(), z.number()]).transform(String);

const aibotMessage = z.object({
  msgid: idLike.optional(),
  chatid: z.string().nullish(),
  chattype: z.string().nullish(),
  from: z.object({ userid: z.string().nullish() }).nullish(),
  msgtype: z.string(),
  text: textPart.nullish(),
  voice: textPart.nullish(),
  mixed: z
    .object({ msg_item: z.array(z.object({ msgtype: z.string(), text: textPart.nullish() })) })
    .nullish(),
  stream: z.object({ id: z.string() }).nullish(),
  event: z.object({ eventtype: z.string() }).nullish(),
});

type AibotMessage = z.output<typeof aibotMessage>;

/** The typed text of a message, or undefined for kinds without text (image, file…). */
function textOf(m: AibotMessage): string | undefined {
  switch (m.msgtype) {
    case 'text':
      return m.text?.content ?? '';
    case 'voice':
      return m.voice?.content;
    case 'mixed': {
      const texts = (m.mixed?.msg_item ?? []).flatMap((item) => (item.msgtype === 'text' && item.text ? [item.text.content] : []));
      return texts.length > 0 ? texts.join('\n') : undefined;
    }
    default:
      return undefined;
  }
}

export function streamContent(reply: Reply): string {
  return truncateText(reply.markdown, LIMITS.wecomStream);
}

export interface AibotHandler {
  handle(ctx: Context, query: CallbackQuery, plaintext: string): Promise<void>;
  readonly streams: StreamRegistry;
}

export function createAibotHandler(deps: PlatformDeps, secrets: WecomCallbackSecrets): AibotHandler {
  const now = deps.now ?? (() => new Date());
  const deadlineMs = deps.wecomReplyDeadlineMs ?? 3000;
  const streams = new StreamRegistry();

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

  async function onMessage(ctx: Context, query: CallbackQuery, m: AibotMessage, text: string): Promise<void> {
    const userId = m.from?.userid;
    if (!m.msgid || !userId) reject(ctx, 400, 'bad-message', 'message lacks msgid or from.userid');
    const group = m.chattype === 'group';
    const message: IncomingMessage = {
      platform: 'wecom',
      conversationId: group && m.chatid ? m.chatid : userId,
      chatType: group ? 'group' : 'single',
      senderId: userId,
      text,
      messageId: m.msgid,
      receivedAt: now(),
    };
    const pending = deps.bot.handle(message);
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
    // Too slow for the passive reply: open a stream and finish it when the answer is ready.
    const id = streams.open(now().getTime());
    deps.tasks.run('wecom-stream', async () => {
      try {
        const outcome = await pending;
        streams.finish(id, outcome.kind === 'answered' ? streamContent(outcome.reply) : DUPLICATE_TEXT);
      } catch (err) {
        streams.finish(id, FAILED_TEXT);
        throw err;
      }
    });
    answerStream(ctx, query, 'streaming', id, false, PENDING_TEXT);
  }

  function onStreamRefresh(ctx: Context, query: CallbackQuery, id: string | undefined): void {
    if (!id) reject(ctx, 400, 'bad-message', 'stream refresh lacks stream.id');
    const state = streams.get(id, now().getTime());
    if (!state) answerStream(ctx, query, 'stream-expired', id, true, EXPIRED_TEXT);
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
      const parsed = aibotMessage.safeParse(json);
      if (!parsed.success) reject(ctx, 400, 'bad-message', 'unexpected message shape');
      const m = parsed.data;
      if (m.msgtype === 'stream') return onStreamRefresh(ctx, query, m.stream?.id);
      if (m.msgtype === 'event') {
        if (m.event?.eventtype === 'enter_chat') {
          answer(ctx, query, 'event', { msgtype: 'text', text: { content: WELCOME_TEXT } });
        } else {
          emptyOk(ctx, 'event');
        }
        return;
      }
      const text = textOf(m);
      if (text === undefined) return emptyOk(ctx, 'ignored');
      return onMessage(ctx, query, m, text);
    },
  };
}
