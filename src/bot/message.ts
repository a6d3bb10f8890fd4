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
}

/** A reply in the markdown subset both platforms render: headings, bold, `>` quotes, `- ` lists. */
export interface Reply {
  /** Short title (DingTalk shows it in the notification). */
  title: string;
  markdown: string;
}

export function reply(title: string, markdown: string): Reply {
  return { title, markdown };
}
