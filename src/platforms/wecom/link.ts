// What the push service needs from the WeCom AI bot long connection: a stream reply on a
// callback's req_id, and a proactive markdown message to a chat (aibot_send_msg). Only the
// instance holding the connection has a ready link.
import type { SendResult } from '../http.js';

export interface WecomLink {
  /** An authenticated connection is up on this instance. */
  readonly ready: boolean;
  replyStream(reqId: string, streamId: string, content: string, finish: boolean): Promise<SendResult>;
  sendMarkdown(chatId: string, content: string): Promise<SendResult>;
}
