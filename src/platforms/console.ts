// The console platform: a terminal chat through the same bot path as WeCom and DingTalk.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from '../bot/message.js';
import { systemNow } from '../time.js';

export interface ConsoleUser {
  id: string;
  name: string;
  /** The local operator is an admin: they already control the server. */
  admin: boolean;
}

export function consoleMessage(text: string, user: ConsoleUser, conversationId = 'console'): IncomingMessage {
  return {
    platform: 'console',
    conversationId,
    conversationTitle: '终端',
    chatType: 'group',
    senderId: user.id,
    senderName: user.name,
    senderIsAdmin: user.admin,
    text,
    messageId: randomUUID(),
    receivedAt: systemNow(),
    // The terminal prints the answer itself.
    replyVia: { kind: 'passive' },
  };
}
