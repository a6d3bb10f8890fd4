// POST /dingtalk: enterprise robot HTTP callbacks. The signature headers are checked before the
// body is read; the message is acknowledged at once and answered afterwards through the
// sessionWebhook (rebased onto DINGTALK_OAPI_BASE), or through the OpenAPI group send when the
// session has expired and DINGTALK_APP_KEY + DINGTALK_ROBOT_CODE are configured.
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import { z } from 'zod';
import { dingtalkEnabled } from '../../config.js';
import { readText } from '../../http/body.js';
import { escapeMarkdown } from '../../bot/escape.js';
import type { IncomingMessage, Reply } from '../../bot/message.js';
import type { RouteModule } from '../../server.js';
import type { GroupRef } from '../../store/types.js';
import { emptyOk, JSON_TYPES, mediaType, reject, type PlatformDeps } from '../types.js';
import type { DingtalkOpenApi } from './openapi.js';
import { rebaseSessionWebhook } from './send.js';
import { verifyDingtalkCallback } from './sign.js';
import { withDeadline } from '../../bot/deadline.js';

/** How long a callback waits for the bot before the acknowledgement goes out anyway. */
const ACK_WINDOW_MS = 2000;

const optionalString = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === '' ? undefined : v));
const millis = z
  .union([z.number(), z.string().regex(/^\d{1,15}$/)])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : Number(v)));

const callbackBody = z.object({
  msgtype: z.string(),
  text: z.object({ content: z.string() }).nullish(),
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

export type DingtalkCallback = z.output<typeof callbackBody>;

export interface DingtalkModule extends RouteModule {
  readonly enabled: boolean;
  readonly openApi: DingtalkOpenApi | undefined;
}

export function dingtalkModule(deps: PlatformDeps): DingtalkModule {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const appSecret = dingtalkEnabled(config) ? config.DINGTALK_APP_SECRET : undefined;
  // The push module owns the OpenAPI client (one token cache); it exists when APP_KEY and
  // ROBOT_CODE are configured next to the app secret.
  const openApi = appSecret ? deps.push.openApi : undefined;

  // Groups whose channel this process has already seen stored: no store read per message.
  const known = new Set<string>();

  async function captureOpenApiChannel(group: GroupRef): Promise<void> {
    if (known.has(group.conversationId)) return;
    try {
      if (!(await deps.store.getPushChannel(group))) {
        await deps.store.setPushChannel(group, {
          channel: { kind: 'dingtalk-openapi', openConversationId: group.conversationId },
          setBy: 'auto',
          setAt: now().toISOString(),
        });
        logger.info({ platform: 'dingtalk', conversationId: group.conversationId }, 'push channel captured');
      }
      if (known.size >= 10_000) known.clear();
      known.add(group.conversationId);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), platform: 'dingtalk' }, 'push channel not captured');
    }
  }

  /** Session webhook first; OpenAPI when the session is gone. */
  async function deliver(body: DingtalkCallback, message: IncomingMessage, reply: Reply): Promise<void> {
    const staffId = body.senderStaffId;
    const expired = body.sessionWebhookExpiredTime !== undefined && body.sessionWebhookExpiredTime < now().getTime();
    const session = body.sessionWebhook && !expired ? rebaseSessionWebhook(body.sessionWebhook, config.DINGTALK_OAPI_BASE) : undefined;
    if (session) {
      const result = await deps.push.sendSession(session, reply, staffId ? { mentionUserId: staffId } : {});
      if (result.ok) return;
      if (!result.dead) return; // not a session problem (too large, throttled…): the log line says why
    }
    if (!openApi) {
      logger.warn({ platform: 'dingtalk', expired }, 'session webhook unusable and OpenAPI not configured: answer dropped');
      return;
    }
    const asked = message.senderName ? `回复 ${escapeMarkdown(message.senderName)}：\n\n` : '';
    const fallback: Reply = { title: reply.title, markdown: `${asked}${reply.markdown}` };
    if (message.chatType === 'group') await deps.push.sendVia({ kind: 'dingtalk-openapi', openConversationId: message.conversationId }, fallback);
    else if (staffId) await openApi.sendUsersMarkdown([staffId], reply);
    else logger.warn({ platform: 'dingtalk' }, 'single chat without senderStaffId: answer dropped');
  }

  return {
    name: 'dingtalk',
    enabled: appSecret !== undefined,
    openApi,
    mount(router: Router) {
      router.post('/dingtalk', async (ctx: Context) => {
        ctx.state.platform = 'dingtalk';
        if (!appSecret) reject(ctx, 404, 'disabled', 'not found');
        const check = verifyDingtalkCallback(appSecret, ctx.get('timestamp') || undefined, ctx.get('sign') || undefined, now());
        if (!check.ok) reject(ctx, 401, check.reason === 'signature' ? 'bad-signature' : check.reason, 'invalid signature or timestamp');
        if (!(JSON_TYPES as readonly string[]).includes(mediaType(ctx))) reject(ctx, 400, 'bad-content-type', 'content type must be application/json');
        const text = await readText(ctx);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          reject(ctx, 400, 'bad-body', 'malformed JSON');
        }
        const parsed = callbackBody.safeParse(json);
        if (!parsed.success) reject(ctx, 400, 'bad-body', 'unexpected message shape');
        const body = parsed.data;
        const chatType = body.conversationType === '2' ? 'group' : body.conversationType === '1' ? 'single' : undefined;
        if (!chatType || body.msgtype !== 'text') return emptyOk(ctx, 'ignored');
        const senderId = body.senderStaffId ?? body.senderId;
        if (!senderId) reject(ctx, 400, 'bad-body', 'message lacks senderStaffId and senderId');

        const message: IncomingMessage = {
          platform: 'dingtalk',
          conversationId: body.conversationId,
          ...(body.conversationTitle ? { conversationTitle: body.conversationTitle } : {}),
          chatType,
          senderId,
          ...(body.senderNick ? { senderName: body.senderNick } : {}),
          ...(body.isAdmin === true ? { senderIsAdmin: true } : {}),
          text: body.text?.content ?? '',
          messageId: body.msgId,
          receivedAt: receivedAt(body.createAt, now()),
        };
        // Processed before the acknowledgement (within ACK_WINDOW_MS), so an acknowledged
        // message is already recorded, with its reply, when a crash follows; only the sending
        // happens after the 200. A slower answer is acknowledged at the deadline and finished
        // in the background, as before.
        const pending = deps.bot.handle(message);
        const first = await withDeadline(pending, deps.ackWindowMs ?? ACK_WINDOW_MS);
        emptyOk(ctx, 'accepted');
        deps.tasks.run('dingtalk-reply', async () => {
          if (openApi && chatType === 'group') await captureOpenApiChannel({ platform: 'dingtalk', conversationId: body.conversationId });
          const outcome = await pending;
          logger.info({ platform: 'dingtalk', outcome: outcome.kind, ...(outcome.kind === 'answered' ? { command: outcome.command } : {}), early: first.done }, 'message handled');
          // A redelivery of a finished message: its answer went out through the session already.
          if (outcome.kind === 'duplicate' || outcome.repeated) return;
          await deliver(body, message, outcome.reply);
        });
      });
    },
  };
}

/** The platform's createAt when it is plausible (within a day of our clock), else now. */
function receivedAt(createAt: number | undefined, now: Date): Date {
  return createAt !== undefined && Math.abs(createAt - now.getTime()) <= 86_400_000 ? new Date(createAt) : now;
}
