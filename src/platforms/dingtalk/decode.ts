// DingTalk robot messages: the same JSON arrives as an HTTP callback body and as the `data` of a
// Stream-mode CALLBACK frame. One pure decode for both. Pictures (`picture`, the picture items of
// `richText`) come out as download codes the transport turns into attachments (media.ts).
import { z } from 'zod';
import type { Decoded, MessageFields } from '../decode.js';

const optionalString = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === '' ? undefined : v));
const millis = z
  .union([z.number(), z.string().regex(/^\d{1,15}$/)])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : Number(v)));

const pictureCodes = z.object({ downloadCode: z.string().nullish(), pictureDownloadCode: z.string().nullish() });
const richItem = pictureCodes.extend({ text: z.string().nullish(), type: z.string().nullish() });

const robotMessage = z.object({
  msgtype: z.string(),
  text: z.object({ content: z.string() }).nullish(),
  content: pictureCodes.extend({ richText: z.array(richItem).nullish() }).nullish(),
  robotCode: optionalString,
  msgId: z.string().min(1),
  createAt: millis,
  conversationType: z.union([z.string(), z.number()]).transform(String),
  conversationId: z.string().min(1),
  conversationTitle: optionalString,
  senderId: optionalString,
  senderNick: optionalString,
  senderStaffId: optionalString,
  isAdmin: z.boolean().nullish(),
  sessionWebhook: optionalString,
  sessionWebhookExpiredTime: millis,
});

export type DingtalkRobotMessage = z.output<typeof robotMessage>;

/** What the way back needs besides the message: the session webhook and the sender's staff id. */
export interface DingtalkReplyFields {
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  senderStaffId?: string;
  /** Download codes of the message's pictures, in order. */
  downloadCodes?: string[];
  /** The robot the codes belong to (the download API needs it). */
  robotCode?: string;
}

function codeOf(p: { downloadCode?: string | null | undefined; pictureDownloadCode?: string | null | undefined }): string | undefined {
  return p.downloadCode || p.pictureDownloadCode || undefined;
}

function textOf(m: DingtalkRobotMessage): string | undefined {
  switch (m.msgtype) {
    case 'text':
      return m.text?.content ?? '';
    case 'picture':
      return m.content && codeOf(m.content) ? '' : undefined;
    case 'richText': {
      const items = m.content?.richText ?? [];
      const texts = items.flatMap((i) => (typeof i.text === 'string' && i.type !== 'picture' ? [i.text] : []));
      if (texts.length > 0) return texts.join('');
      return downloadCodesOf(m).length > 0 ? '' : undefined;
    }
    default:
      return undefined;
  }
}

function downloadCodesOf(m: DingtalkRobotMessage): string[] {
  if (m.msgtype === 'picture') {
    const code = m.content ? codeOf(m.content) : undefined;
    return code ? [code] : [];
  }
  if (m.msgtype === 'richText') {
    return (m.content?.richText ?? []).flatMap((i) => {
      const code = i.type === 'picture' || i.text === undefined || i.text === null ? codeOf(i) : undefined;
      return code ? [code] : [];
    });
  }
  return [];
}

/** Decodes a robot message (parsed JSON). `now` bounds a plausible createAt. */
export function decodeDingtalk(json: unknown, now: Date): Decoded<DingtalkReplyFields> {
  const parsed = robotMessage.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', why: 'unexpected message shape' };
  const m = parsed.data;
  const chatType = m.conversationType === '2' ? 'group' : m.conversationType === '1' ? 'single' : undefined;
  if (!chatType) return { kind: 'ignored', why: 'unknown conversationType' };
  const text = textOf(m);
  if (text === undefined) return { kind: 'ignored', why: `msgtype ${m.msgtype}` };
  const senderId = m.senderStaffId ?? m.senderId;
  if (!senderId) return { kind: 'invalid', why: 'message lacks senderStaffId and senderId' };
  const message: MessageFields = {
    platform: 'dingtalk',
    conversationId: m.conversationId,
    ...(m.conversationTitle ? { conversationTitle: m.conversationTitle } : {}),
    chatType,
    senderId,
    ...(m.senderNick ? { senderName: m.senderNick } : {}),
    ...(m.isAdmin === true ? { senderIsAdmin: true } : {}),
    text,
    messageId: m.msgId,
    receivedAt: receivedAt(m.createAt, now),
  };
  return {
    kind: 'message',
    message,
    extra: {
      ...(m.sessionWebhook ? { sessionWebhook: m.sessionWebhook } : {}),
      ...(m.sessionWebhookExpiredTime !== undefined ? { sessionWebhookExpiredTime: m.sessionWebhookExpiredTime } : {}),
      ...(m.senderStaffId ? { senderStaffId: m.senderStaffId } : {}),
      ...(downloadCodesOf(m).length > 0 ? { downloadCodes: downloadCodesOf(m) } : {}),
      ...(m.robotCode ? { robotCode: m.robotCode } : {}),
    },
  };
}

/** The way back for a decoded DingTalk message (HTTP and Stream alike). */
export function dingtalkReplyVia(message: MessageFields, extra: DingtalkReplyFields) {
  return {
    kind: 'dingtalk-session' as const,
    ...(extra.sessionWebhook ? { url: extra.sessionWebhook } : {}),
    ...(extra.sessionWebhookExpiredTime !== undefined ? { expiresAt: extra.sessionWebhookExpiredTime } : {}),
    ...(extra.senderStaffId ? { staffId: extra.senderStaffId } : {}),
    conversationId: message.conversationId,
    chatType: message.chatType,
    ...(message.senderName ? { senderName: message.senderName } : {}),
  };
}

/** The platform's createAt when it is plausible (within a day of our clock), else now. */
function receivedAt(createAt: number | undefined, now: Date): Date {
  return createAt !== undefined && Math.abs(createAt - now.getTime()) <= 86_400_000 ? new Date(createAt) : now;
}
