// WeCom legacy group robot callbacks: encrypted XML in, acknowledged at once, the answer pushed
// afterwards through the group robot webhook with a <@userid> mention. The callback's WebhookUrl
// only contributes its `key`: we always send to `${WECOM_API_BASE}/cgi-bin/webhook/send?key=…`.
import type { Context } from 'koa';
import { z } from 'zod';
import { withDeadline } from '../../bot/deadline.js';
import type { IncomingMessage } from '../../bot/message.js';
import type { GroupRef } from '../../store/types.js';
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
  const now = deps.now ?? (() => new Date());
  const apiBase = deps.config.WECOM_API_BASE;

  async function capturePushChannel(group: GroupRef, url: string): Promise<void> {
    try {
      const existing = await deps.store.getPushChannel(group);
      if (existing && existing.setBy !== 'auto') return;
      if (existing?.channel.kind === 'wecom-webhook' && existing.channel.url === url) return;
      await deps.store.setPushChannel(group, { channel: { kind: 'wecom-webhook', url }, setBy: 'auto', setAt: now().toISOString() });
      deps.logger.info({ platform: 'wecom', conversationId: group.conversationId }, 'push channel captured');
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err), platform: 'wecom' }, 'push channel not captured');
    }
  }

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

    // A text message is processed before the acknowledgement (within the ack window), so a
    // crash after the 200 cannot lose it; only the send happens afterwards.
    const message: IncomingMessage | undefined =
      isText && m.MsgId && userId && conversationId
        ? {
            platform: 'wecom',
            conversationId,
            chatType: group ? 'group' : 'single',
            senderId: userId,
            ...(m.From?.Name ? { senderName: m.From.Name } : {}),
            text: m.Text?.Content ?? '',
            messageId: m.MsgId,
            receivedAt: now(),
          }
        : undefined;
    const pending = message ? deps.bot.handle(message) : undefined;
    if (pending) await withDeadline(pending, deps.ackWindowMs ?? 2000);
    emptyOk(ctx, isText ? 'accepted' : 'event');
    deps.tasks.run('wecom-legacy-reply', async () => {
      if (group && sendUrl && conversationId) await capturePushChannel({ platform: 'wecom', conversationId }, sendUrl);
      if (!pending || !userId) return;
      const outcome = await pending;
      deps.logger.info({ platform: 'wecom', outcome: outcome.kind, ...(outcome.kind === 'answered' ? { command: outcome.command } : {}) }, 'message handled');
      // A redelivery of a finished message: its answer was sent already.
      if (outcome.kind === 'duplicate' || outcome.repeated) return;
      if (!sendUrl) {
        deps.logger.warn({ platform: 'wecom' }, 'callback has no usable WebhookUrl key: answer dropped');
        return;
      }
      await deps.push.sendVia({ kind: 'wecom-webhook', url: sendUrl }, outcome.reply, group ? { mentionUserId: userId } : {});
    });
  };
}
