// The one way in: every transport (HTTP callback, long connection, console) hands its decoded
// message here. The bot answers it (dedupe, route, handler) and the push service sends the answer
// back the way the message came (`replyVia`), with its fallbacks, rate limits and counting.
import type { Bot } from './bot/bot.js';
import type { IncomingMessage } from './bot/message.js';
import type { Logger } from './log.js';
import type { PushService } from './push/service.js';
import type { SendResult } from './platforms/http.js';
import type { Reply } from './core.js';

export type InboxOutcome =
  | { kind: 'duplicate' }
  /** `sent` is undefined for a passive reply: the transport answers in its own response. */
  | { kind: 'answered'; command: string; reply: Reply; sent: SendResult | undefined };

export interface ReceiveOptions {
  /**
   * Called once the bot is done with the message (its claim finished and, for a report, the record
   * stored) and before the answer is sent: a transport that must acknowledge (DingTalk Stream)
   * does it here, so a crash before this point leaves the message unacknowledged and redelivered.
   */
  onHandled?: () => void;
}

export interface Inbox {
  receive(message: IncomingMessage, options?: ReceiveOptions): Promise<InboxOutcome>;
}

export function createInbox(bot: Bot, push: PushService, logger: Logger): Inbox {
  return {
    async receive(message, options = {}) {
      await push.capture(message);
      const outcome = await bot.handle(message);
      options.onHandled?.();
      logger.info(
        { platform: message.platform, via: message.replyVia.kind, outcome: outcome.kind, ...(outcome.kind === 'answered' ? { command: outcome.command } : {}) },
        'message handled',
      );
      if (outcome.kind === 'duplicate') return outcome;
      // A redelivery of a finished message: a passive transport answers it again (its first
      // response was lost); anything sent was sent already.
      if (outcome.repeated && message.replyVia.kind !== 'passive') return { kind: 'duplicate' };
      const sent = message.replyVia.kind === 'passive' ? undefined : await push.reply(message.replyVia, outcome.reply);
      return { kind: 'answered', command: outcome.command, reply: outcome.reply, sent };
    },
  };
}
