// What a platform's pure decode step gives a transport: a message (the transport adds how to
// answer it), an event, or a reason to drop the payload. Shared by every receive transport of a
// platform, so the HTTP callback and the long connection read a payload the same way.
import type { IncomingMessage } from '../bot/message.js';

/** A message as decoded, before the transport says how the answer goes back. */
export type MessageFields = Omit<IncomingMessage, 'replyVia'>;

export type Decoded<Extra> =
  | { kind: 'message'; message: MessageFields; extra: Extra }
  /** A payload we understand but do not answer (image without text, unknown msgtype…). */
  | { kind: 'ignored'; why: string }
  /** Not the platform's shape: HTTP answers 400, a long connection logs and drops it. */
  | { kind: 'invalid'; why: string };

/** JSON.parse that returns undefined instead of throwing. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
