// WeCom AI bot (智能机器人) messages: the same JSON arrives decrypted from an HTTP callback and as
// the `body` of a long-connection frame (aibot_msg_callback / aibot_event_callback). One pure
// decode for both. Images (single-chat `image`, `mixed` items) come out as references the
// transport turns into attachments (media.ts downloads and decrypts them).
import { z } from 'zod';
import type { Decoded, MessageFields } from '../decode.js';
import type { WecomImageRef } from './media.js';

const textPart = z.object({ content: z.string() });
const imagePart = z.object({ url: z.string().min(1), aeskey: z.string().nullish() });
const idLike = z.union([z.string(), z.number()]).transform(String);

const aibotPayload = z.object({
  msgid: idLike.optional(),
  chatid: z.string().nullish(),
  chattype: z.string().nullish(),
  from: z.object({ userid: z.string().nullish() }).nullish(),
  msgtype: z.string(),
  text: textPart.nullish(),
  voice: textPart.nullish(),
  image: imagePart.nullish(),
  mixed: z
    .object({ msg_item: z.array(z.object({ msgtype: z.string(), text: textPart.nullish(), image: imagePart.nullish() })) })
    .nullish(),
  stream: z.object({ id: z.string() }).nullish(),
  event: z
    .object({
      eventtype: z.string(),
      feedback: z.object({ type: z.union([z.number(), z.string()]).nullish() }).nullish(),
    })
    .nullish(),
});

type AibotPayload = z.output<typeof aibotPayload>;

export type FeedbackKind = 'accurate' | 'inaccurate' | 'cancel' | 'other';

/** Events the bot acts on; `disconnected` only comes over the long connection. */
export type AibotEvent =
  | { event: 'enter_chat'; userId?: string }
  | { event: 'feedback'; feedback: FeedbackKind }
  | { event: 'disconnected' }
  | { event: 'other'; eventType: string };

/** What a message carries besides its fields: its images, not yet downloaded. */
export interface AibotExtra {
  images: WecomImageRef[];
}

export type AibotDecoded =
  | Decoded<AibotExtra>
  | { kind: 'event'; event: AibotEvent }
  /** HTTP only: WeCom polls an unfinished stream. */
  | { kind: 'stream-refresh'; streamId: string };

/** The typed text of a message ('' for an image alone), or undefined for kinds we do not read (file…). */
function textOf(m: AibotPayload): string | undefined {
  switch (m.msgtype) {
    case 'text':
      return m.text?.content ?? '';
    case 'voice':
      return m.voice?.content;
    case 'image':
      return m.image ? '' : undefined;
    case 'mixed': {
      const texts = (m.mixed?.msg_item ?? []).flatMap((item) => (item.msgtype === 'text' && item.text ? [item.text.content] : []));
      if (texts.length > 0) return texts.join('\n');
      return imagesOf(m).length > 0 ? '' : undefined;
    }
    default:
      return undefined;
  }
}

function ref(part: { url: string; aeskey?: string | null | undefined }): WecomImageRef {
  return { url: part.url, ...(part.aeskey ? { aeskey: part.aeskey } : {}) };
}

function imagesOf(m: AibotPayload): WecomImageRef[] {
  if (m.msgtype === 'image') return m.image ? [ref(m.image)] : [];
  if (m.msgtype === 'mixed') return (m.mixed?.msg_item ?? []).flatMap((item) => (item.msgtype === 'image' && item.image ? [ref(item.image)] : []));
  return [];
}

function feedbackKind(type: number | string | null | undefined): FeedbackKind {
  switch (String(type ?? '')) {
    case '1':
      return 'accurate';
    case '2':
      return 'inaccurate';
    case '3':
      return 'cancel';
    default:
      return 'other';
  }
}

function eventOf(m: AibotPayload): AibotEvent {
  const type = m.event?.eventtype ?? '';
  switch (type) {
    case 'enter_chat':
      return { event: 'enter_chat', ...(m.from?.userid ? { userId: m.from.userid } : {}) };
    case 'feedback_event':
      return { event: 'feedback', feedback: feedbackKind(m.event?.feedback?.type) };
    case 'disconnected_event':
      return { event: 'disconnected' };
    default:
      return { event: 'other', eventType: type };
  }
}

/** Decodes an AI bot payload (parsed JSON). */
export function decodeAibot(json: unknown, now: Date): AibotDecoded {
  const parsed = aibotPayload.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', why: 'unexpected message shape' };
  const m = parsed.data;
  if (m.msgtype === 'stream') {
    return m.stream?.id ? { kind: 'stream-refresh', streamId: m.stream.id } : { kind: 'invalid', why: 'stream refresh lacks stream.id' };
  }
  if (m.msgtype === 'event') return { kind: 'event', event: eventOf(m) };
  const text = textOf(m);
  if (text === undefined) return { kind: 'ignored', why: `msgtype ${m.msgtype}` };
  const userId = m.from?.userid;
  if (!m.msgid || !userId) return { kind: 'invalid', why: 'message lacks msgid or from.userid' };
  const group = m.chattype === 'group';
  const message: MessageFields = {
    platform: 'wecom',
    conversationId: group && m.chatid ? m.chatid : userId,
    chatType: group ? 'group' : 'single',
    senderId: userId,
    text,
    messageId: m.msgid,
    receivedAt: now,
  };
  return { kind: 'message', message, extra: { images: imagesOf(m) } };
}
