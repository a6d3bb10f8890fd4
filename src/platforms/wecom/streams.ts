// Answers still being prepared when the AI bot's passive reply had to go out. WeCom polls an
// unfinished stream with "stream refresh" callbacks (for up to 6 minutes); each poll is answered
// from here first; the same state is kept in the store (aibot.ts), so a refresh reaching another
// instance is answered from there.
import { randomUUID } from 'node:crypto';

interface StreamEntry {
  content: string | undefined;
  expiresAt: number;
}

export type StreamState = { finished: false } | { finished: true; content: string };

export class StreamRegistry {
  private readonly entries = new Map<string, StreamEntry>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** A new unguessable stream id whose answer is pending. */
  open(nowMs: number): string {
    this.sweep(nowMs);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const id = newStreamId();
    this.entries.set(id, { content: undefined, expiresAt: nowMs + this.ttlMs });
    return id;
  }

  finish(id: string, content: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.content = content;
  }

  /** Undefined when the id is unknown or expired. */
  get(id: string, nowMs: number): StreamState | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.expiresAt < nowMs) return undefined;
    return entry.content === undefined ? { finished: false } : { finished: true, content: entry.content };
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(nowMs: number): void {
    // Insertion order is expiry order (one TTL for all): stop at the first live entry.
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt >= nowMs) break;
      this.entries.delete(id);
    }
  }
}

/** 122 random bits from Node's buffered UUID source (no syscall per id). */
export function newStreamId(): string {
  return randomUUID().replaceAll('-', '');
}
