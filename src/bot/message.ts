// The one shape every platform maps its callbacks to. What a handler answers with (Reply) and the
// platform's image (Attachment) are shared vocabulary: src/core.ts.
import type { Attachment, Platform } from '../core.js';

export interface IncomingMessage {
  platform: Platform;
  /** Group id (WeCom chatid / DingTalk conversationId) or the single-chat id. */
  conversationId: string;
  conversationTitle?: string;
  chatType: 'group' | 'single';
  senderId: string;
  senderName?: string;
  /** Set when the platform itself says the sender is an admin (DingTalk isAdmin). */
  senderIsAdmin?: boolean;
  /** The text as typed, with @mentions of the bot removed by the router. */
  text: string;
  messageId: string;
  receivedAt: Date;
  /** Images that came with the message (WeCom image/mixed, DingTalk picture/richText), not yet downloaded. */
  attachments?: Attachment[];
  /** How the answer goes back. The push service reads it; the bot and handlers never do. */
  replyVia: ReplyVia;
}

/**
 * The way back for one message, filled in by the transport that received it. Platform ids in
 * here (URLs with keys, req_ids) never reach a log line.
 */
export type ReplyVia =
  /** The transport answers in its own response (WeCom AI bot HTTP callback, console). */
  | { kind: 'passive' }
  /** WeCom legacy group robot: the callback's webhook key; in a group the sender is mentioned. */
  | { kind: 'wecom-webhook'; url: string; mentionUserId?: string }
  /** WeCom AI bot long connection: a stream reply on the callback frame's req_id. */
  | { kind: 'wecom-ws'; reqId: string; streamId: string; chatId: string }
  /** DingTalk (HTTP callback or Stream): the sessionWebhook, else the OpenAPI (group or single chat). */
  | {
      kind: 'dingtalk-session';
      /** As the callback gave it; the push service keeps only its path and query. */
      url?: string;
      expiresAt?: number;
      staffId?: string;
      conversationId: string;
      chatType: 'group' | 'single';
      senderName?: string;
    };
