// Answers to messages, sent back the way each message came (`replyVia`), with the fallbacks:
// WeCom long connection → a proactive send on the connection → the group's stored channel;
// DingTalk sessionWebhook → the OpenAPI (group send, or the single-chat batch send).
// Also the one policy for capturing a group's push channel from its traffic: an admin-set channel
// always wins; an automatically captured one is replaced when the group's traffic shows another.
import { channelDead, mayHaveArrived } from '../send-failure.js';
import type { IncomingMessage, ReplyVia } from '../bot/message.js';
import type { Logger } from '../log.js';
import type { SendResult } from '../platforms/http.js';
import { rebaseSessionWebhook } from '../platforms/dingtalk/send.js';
import type { DingtalkOpenApi } from '../platforms/dingtalk/openapi.js';
import type { WecomLink } from '../platforms/wecom/link.js';
import { LIMITS, truncateText } from '../platforms/render.js';
import { groupKey, type PushChannel, type Store } from '../store/types.js';
import type { Now } from '../time.js';
import { escapeMarkdown } from '../text.js';
import type { GroupRef, Reply } from '../core.js';

export interface ReplySenders {
  store: Store;
  logger: Logger;
  oapiBase: string;
  now: Now;
  openApi: DingtalkOpenApi | undefined;
  wecomLink(): WecomLink | undefined;
  sendVia(channel: PushChannel, reply: Reply, options?: { mentionUserId?: string }): Promise<SendResult>;
  sendSession(url: string, reply: Reply, options?: { mentionUserId?: string }): Promise<SendResult>;
  sendStored(group: GroupRef, reply: Reply): Promise<SendResult>;
  sendDingtalkUsers(userIds: string[], reply: Reply): Promise<SendResult>;
  countReply(platform: 'wecom' | 'dingtalk', result: SendResult): void;
}

export const NO_LINK: SendResult = { ok: false, meaning: 'long connection not up on this instance', reason: 'no_link' };

export async function sendReply(s: ReplySenders, via: ReplyVia, reply: Reply): Promise<SendResult> {
  switch (via.kind) {
    case 'passive':
      return { ok: true };
    case 'wecom-webhook':
      return s.sendVia({ kind: 'wecom-webhook', url: via.url }, reply, via.mentionUserId ? { mentionUserId: via.mentionUserId } : {});
    case 'wecom-ws':
      return replyOverWecomLink(s, via, reply);
    case 'dingtalk-session':
      return replyDingtalk(s, via, reply);
  }
}

async function replyOverWecomLink(s: ReplySenders, via: Extract<ReplyVia, { kind: 'wecom-ws' }>, reply: Reply): Promise<SendResult> {
  const content = truncateText(reply.markdown, LIMITS.wecomStream);
  const link = s.wecomLink();
  let result: SendResult = link?.ready ? await link.replyStream(via.reqId, via.streamId, content, true) : NO_LINK;
  s.countReply('wecom', result);
  if (result.ok || mayHaveArrived(result.reason)) return result;
  // The socket dropped between question and answer: the old req_id died with it.
  if (link?.ready) {
    result = await link.sendMarkdown(via.chatId, content);
    s.countReply('wecom', result);
    if (result.ok || mayHaveArrived(result.reason)) return result;
  }
  s.logger.warn({ platform: 'wecom', meaning: result.meaning }, 'long-connection reply failed: trying the group push channel');
  return s.sendStored({ platform: 'wecom', conversationId: via.chatId }, reply);
}

async function replyDingtalk(s: ReplySenders, via: Extract<ReplyVia, { kind: 'dingtalk-session' }>, reply: Reply): Promise<SendResult> {
  const expired = via.expiresAt !== undefined && via.expiresAt < s.now().getTime();
  const session = via.url && !expired ? rebaseSessionWebhook(via.url, s.oapiBase) : undefined;
  let last: SendResult = { ok: false, meaning: expired ? 'session webhook expired' : 'no session webhook', reason: 'session_expired' };
  if (session) {
    last = await s.sendSession(session, reply, via.staffId ? { mentionUserId: via.staffId } : {});
    // Not a session problem (too large, throttled…): the log line says why; the OpenAPI would fail alike.
    if (last.ok || !channelDead(last.reason)) return last;
  }
  if (!s.openApi) {
    s.logger.warn({ platform: 'dingtalk', expired }, 'session webhook unusable and OpenAPI not configured: answer dropped');
    return last;
  }
  if (via.chatType === 'group') {
    const asked = via.senderName ? `回复 ${escapeMarkdown(via.senderName)}：\n\n` : '';
    return s.sendVia({ kind: 'dingtalk-openapi', openConversationId: via.conversationId }, { title: reply.title, markdown: `${asked}${reply.markdown}` });
  }
  if (via.staffId) return s.sendDingtalkUsers([via.staffId], reply);
  s.logger.warn({ platform: 'dingtalk' }, 'single chat without senderStaffId: answer dropped');
  return last;
}

/** The push channel a group's traffic shows, if any. */
export function channelFromTraffic(via: ReplyVia, conversationId: string, openApi: boolean): PushChannel | undefined {
  switch (via.kind) {
    case 'wecom-webhook':
      return { kind: 'wecom-webhook', url: via.url };
    case 'wecom-ws':
      return { kind: 'wecom-ws', chatId: conversationId };
    case 'dingtalk-session':
      return openApi ? { kind: 'dingtalk-openapi', openConversationId: conversationId } : undefined;
    case 'passive':
      return undefined;
  }
}

function sameChannel(a: PushChannel, b: PushChannel): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Remembers what this process already stored, so that a busy group costs no store read per message. */
export class ChannelCapture {
  private readonly known = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly now: Now,
  ) {}

  async capture(message: IncomingMessage, channel: PushChannel | undefined): Promise<void> {
    if (message.chatType !== 'group' || !channel) return;
    const group: GroupRef = { platform: message.platform, conversationId: message.conversationId };
    const memo = `${groupKey(group)}\n${JSON.stringify(channel)}`;
    if (this.known.has(memo)) return;
    try {
      const existing = await this.store.getPushChannel(group);
      const replace = !existing || (existing.setBy === 'auto' && !sameChannel(existing.channel, channel));
      if (replace) {
        await this.store.setPushChannel(group, { channel, setBy: 'auto', setAt: this.now().toISOString() });
        this.logger.info({ platform: group.platform, conversationId: group.conversationId, channel: channel.kind }, 'push channel captured');
      }
      if (this.known.size >= 10_000) this.known.clear();
      this.known.add(memo);
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err), platform: group.platform }, 'push channel not captured');
    }
  }
}
