// The one shape every platform maps its callbacks to, and the one shape every handler answers with.

export type Platform = 'wecom' | 'dingtalk' | 'console';

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
 * An image the platform layer knows how to download. Platform media links expire within minutes
 * (WeCom: 5), so a handler that keeps the image calls `fetch` while it handles the message.
 */
export interface Attachment {
  kind: 'image';
  fetch(): Promise<FetchedFile>;
}

/** A downloaded (and, for WeCom, decrypted) file, or why there is none. Never throws. */
export type FetchedFile =
  | { ok: true; bytes: Buffer }
  /** expired: the platform refused the link (403/404/410, expired code); too-large: over the cap; unavailable: not configured. */
  | { ok: false; reason: 'expired' | 'too-large' | 'failed' | 'unavailable' };

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

/** A reply in the markdown subset both platforms render: headings, bold, `>` quotes, `- ` lists. */
export interface Reply {
  /** Short title (DingTalk shows it in the notification). */
  title: string;
  markdown: string;
}

export function reply(title: string, markdown: string): Reply {
  return { title, markdown };
}
