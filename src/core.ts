// The vocabulary every layer shares, below all of them: which platform, which group, what a reply
// is, a platform's image as handlers and reports see it, and the two errors a command's work throws.
// It imports nothing, so the bot, knowledge, store, reports, reminders and platforms all import it.

export type Platform = 'wecom' | 'dingtalk' | 'console';

/** A chat group on one platform. */
export interface GroupRef {
  platform: Platform;
  conversationId: string;
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

/** Where photo evidence is kept (a directory; see src/reports/photo-store.ts). */
export interface PhotoFiles {
  readonly maxBytes: number;
  /** Stores the bytes (once per content) and returns the file name `<sha256>.jpg|png`. */
  save(bytes: Buffer, type: 'image/jpeg' | 'image/png'): Promise<string>;
  read(file: string): Promise<Buffer | null>;
}

/** Thrown by a handler when its arguments are wrong; the router answers with usage and example. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown by a handler to refuse politely (not bound, not yours, …); the message is the whole reply. */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}
