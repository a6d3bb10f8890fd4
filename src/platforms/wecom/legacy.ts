// WeCom legacy group robot callbacks: encrypted XML in, acknowledged at once, the answer pushed
// afterwards through the group robot webhook with a <@userid> mention. The callback's WebhookUrl
// only contributes its `key`: we always send to `${WECOM_API_BASE}/cgi-bin/webhook/send?key=…`.
import type { Context } from 'koa';
import { systemNow } from '../../time.js';
import { z } from 'zod';
import { withDeadline } from '../../bot/deadline.js';
import type { IncomingMessage } from '../../bot/message.js';
import { emptyOk, reject, type PlatformDeps } from '../types.js';
import { wecomWebhookKey, wecomWebhookUrl } from './webhook.js';
import { parseXml, XmlError } from './xml.js';

// fast-xml-parser gives '' for an empty element where an object is expected.
const element = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? {} : v), schema);

const legacyMessage = z.object({
  xml: z.object({
    WebhookUrl: z.string().optional(),
    ChatId: z.string().optional(),
    ChatType: z.string().optional(),
    From: element(z.object({ UserId: z.string().optional(), Name: z.string().optional() })).optional(),
    MsgType: z.string(),
    Text: element(z.object({ Content: z.string().optional() })).optional(),
    MsgId: z.string().optional(),
  }),
});

const outerBody = z.object({ xml: z.object({ Encrypt: z.string().min(1) }) });

/** The `Encrypt` field of the outer XML body; 400 when the body is not that shape. */
export function legacyEncrypted(ctx: Context, body: string): string {
  const parsed = outerBody.safeParse(parseOrReject(ctx, body));
  if (!parsed.success) reject(ctx, 400, 'bad-body', 'XML body lacks Encrypt');
  return parsed.data.xml.Encrypt;
}

function parseOrReject(ctx: Context, text: string): Record<string, unknown> {
  try {
    return parseXml(text);
  } catch (err) {
    if (err instanceof XmlError) reject(ctx, 400, 'bad-body', err.message);
    throw err;
  }
}

export function createLegacyHandler(deps: PlatformDeps): (ctx: Context, plaintext: string) => Promise<void> {
  const now = deps.now ?? systemNow;
  const apiBase = deps.config.WECOM_API_BASE;

  return async (ctx, plaintext) => {
    const parsed = legacyMessage.safeParse(parseOrReject(ctx, plaintext));
    if (!parsed.success) reject(ctx, 400, 'bad-message', 'unexpected message shape');
    const m = parsed.data.xml;
    const userId = m.From?.UserId;
    const key = m.WebhookUrl ? wecomWebhookKey(m.WebhookUrl) : undefined;
    const sendUrl = key ? wecomWebhookUrl(apiBase, key) : undefined;
    const group = m.ChatType !== 'single';
    const conversationId = m.ChatId || userId;
    const isText = m.MsgType === 'text';
    if (isText && (!m.MsgId || !userId || !conversationId)) reject(ctx, 400, 'bad-message', 'message lacks MsgId, ChatId or From/UserId');

    if (!isText || !m.MsgId || !userId || !conversationId) return emptyOk(ctx, 'event');
    if (!sendUrl) {
      deps.logger.warn({ platform: 'wecom' }, 'callback has no usable WebhookUrl key: cannot answer');
      return emptyOk(ctx, 'accepted');
    }
    const message: IncomingMessage = {
      platform: 'wecom',
      conversationId,
      chatType: group ? 'group' : 'single',
      senderId: userId,
      ...(m.From?.Name ? { senderName: m.From.Name } : {}),
      text: m.Text?.Content ?? '',
      messageId: m.MsgId,
      receivedAt: now(),
      replyVia: { kind: 'wecom-webhook', url: sendUrl, ...(group ? { mentionUserId: userId } : {}) },
    };
    // Processed before the acknowledgement (within the ack window), so a crash after the 200
    // cannot lose it.
    const pending = deps.inbox.receive(message);
    await withDeadline(pending, deps.ackWindowMs ?? 2000);
    emptyOk(ctx, 'accepted');
    deps.tasks.run('wecom-legacy-reply', async () => void (await pending));
  };
}
