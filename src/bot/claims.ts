// Message dedupe in two states: a claim in progress holds a lease; a finished one keeps its reply
// for redeliveries. When the store cannot be reached, a bounded in-memory map stands in.
import type { Logger } from '../log.js';
import { storeErrors } from '../metrics.js';
import { StoreUnavailableError, type MessageClaim, type Store } from '../store/types.js';
import type { Reply } from '../core.js';

export class MemoryClaims {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  claim(key: string, ttlMs: number, nowMs: number): boolean {
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > nowMs) return false;
    this.expiries.delete(key);
    this.expiries.set(key, nowMs + ttlMs);
    // Maps iterate in insertion order: drop the oldest claims beyond capacity.
    for (const old of this.expiries.keys()) {
      if (this.expiries.size <= this.capacity) break;
      this.expiries.delete(old);
    }
    return true;
  }
}

export interface ClaimOptions {
  leaseMs: number;
  /** How long a redelivery waits for the attempt in progress before giving up as a duplicate. */
  busyWaitMs: number;
  memory: MemoryClaims;
  ttlMs: number;
  logger: Logger;
}

/**
 * Claims a message. A 'busy' claim is polled until the other attempt finishes (its reply is then
 * returned as 'done') or `busyWaitMs` passes: WeCom redelivers a callback whose answer is late,
 * and that redelivery is the one whose response still reaches the user.
 */
export async function claimMessage(store: Store, key: string, options: ClaimOptions): Promise<MessageClaim> {
  const deadline = Date.now() + options.busyWaitMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
    let claim: MessageClaim;
    try {
      claim = await store.claimMessage(key, options.leaseMs);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      storeErrors.inc();
      options.logger.warn({ err: err.message }, 'dedupe falls back to memory: store unavailable');
      return options.memory.claim(key, options.ttlMs, Date.now()) ? { state: 'claimed' } : { state: 'done' };
    }
    if (claim.state !== 'busy' || Date.now() + delay > deadline) return claim;
    await new Promise((res) => setTimeout(res, delay));
  }
}

/** A reply stored by finishMessage, or undefined when the text is not one. */
export function parseStoredReply(text: string): Reply | undefined {
  try {
    const raw = JSON.parse(text) as Partial<Reply>;
    return typeof raw.title === 'string' && typeof raw.markdown === 'string' ? { title: raw.title, markdown: raw.markdown } : undefined;
  } catch {
    return undefined;
  }
}
