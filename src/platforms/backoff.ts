// Reconnect delays for the long connections: exponential with full jitter, capped, never giving
// up. "Full jitter" (a random delay between 0 and the current ceiling, with a floor) keeps many
// instances from reconnecting in step after a platform outage. Beside it, what both long
// connections share: their status, the wakeable retry wait and the start/pause/stop life cycle.
import type { Logger } from '../log.js';
import { systemNow, type Now } from '../time.js';

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

/**
 * The life cycle both long connections share: one reconnect loop at a time (`run`), a status for
 * the start-up log and /readyz, pause on shutdown, and a stop that ends the session and cuts the
 * retry wait short. Subclasses write the loop and how a session is ended.
 */
export abstract class LongConnection implements Transport {
  abstract readonly name: string;
  protected stopped = false;
  protected paused = false;
  protected readonly backoff: Backoff;
  private loop: Promise<void> | undefined;
  private readonly retryWait = new WakeableSleep();
  private current: TransportStatus;

  constructor(private readonly base: { logger: Logger; now?: Now; backoff: BackoffOptions }) {
    this.backoff = new Backoff(base.backoff);
    this.current = { state: 'stopped', since: this.iso() };
  }

  status(): TransportStatus {
    return this.current;
  }

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run().catch((err: unknown) => this.base.logger.error({ err, transport: this.name }, 'long-connection loop failed'));
  }

  /** Stops taking new messages; answers in progress can still go out. */
  pause(): void {
    this.paused = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.paused = true;
    this.endForStop();
    this.retryWait.wake();
    await this.loop;
    this.loop = undefined;
    this.setState('stopped');
  }

  /** The reconnect loop; returns once `stopped` is set. */
  protected abstract run(): Promise<void>;

  /** Ends the current session at once (stop). */
  protected abstract endForStop(): void;

  protected setState(state: TransportState, detail?: string): void {
    const { status, changed } = nextStatus(this.current, state, detail, this.iso());
    this.current = status;
    if (changed) this.base.logger.info({ transport: this.name, state, ...(detail !== undefined ? { detail } : {}) }, 'long connection state');
  }

  /** Records why the state is what it is, without a change of state (nothing logged). */
  protected noteDetail(detail: string): void {
    this.current = { ...this.current, detail };
  }

  /** A retry wait that `stop()` cuts short. */
  protected sleep(ms: number): Promise<void> {
    return this.retryWait.sleep(ms);
  }

  protected now(): Date {
    return (this.base.now ?? systemNow)();
  }

  protected iso(): string {
    return this.now().toISOString();
  }
}
