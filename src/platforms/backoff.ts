// Reconnect delays for the long connections: exponential with full jitter, capped, never giving
// up. "Full jitter" (a random delay between 0 and the current ceiling, with a floor) keeps many
// instances from reconnecting in step after a platform outage.
export interface BackoffOptions {
  /** First ceiling (default 1000 ms). */
  baseMs?: number;
  /** Largest ceiling (default 30000 ms). */
  maxMs?: number;
  /** Smallest delay (default baseMs / 2). */
  minMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly minMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 30_000;
    this.minMs = options.minMs ?? this.baseMs / 2;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call raises the ceiling until `reset`. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 20));
    this.attempt += 1;
    return Math.round(this.minMs + this.random() * Math.max(0, ceiling - this.minMs));
  }

  /** After a connection that worked. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** What a transport reports for the start-up log and /readyz. */
export type TransportState = 'connecting' | 'connected' | 'standby' | 'failing' | 'stopped';

export interface TransportStatus {
  state: TransportState;
  /** Why, in English, safe to log (never a secret). */
  detail?: string;
  since: string;
}

export interface Transport {
  readonly name: string;
  start(): void;
  /** Closes the socket cleanly and stops every timer. */
  stop(): Promise<void>;
  status(): TransportStatus;
}

/**
 * The status after a change to `state`/`detail`; `since` moves only when something changed.
 * Both long connections keep their status this way.
 */
export function nextStatus(current: TransportStatus, state: TransportState, detail: string | undefined, nowIso: string): { status: TransportStatus; changed: boolean } {
  const changed = current.state !== state || current.detail !== detail;
  return { status: { state, ...(detail !== undefined ? { detail } : {}), since: changed ? nowIso : current.since }, changed };
}

/** A delay between reconnect attempts that `stop()` can cut short. */
export class WakeableSleep {
  private wakeUp: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => {
      this.wakeUp = undefined;
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}
