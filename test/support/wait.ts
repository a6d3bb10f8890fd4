// Waiting in tests: poll a condition until it holds (never a fixed sleep), and close a server
// without waiting for its keep-alive connections to time out.
import type { Server } from 'node:http';

/** A condition polled until it gives a value (undefined or false: not yet). */
export type Check<T> = () => Promise<T | undefined | false> | T | undefined | false;

/**
 * Resolves with the first value `check` gives that is not undefined or false, polling every
 * `everyMs`; after `timeoutMs` throws "timed out waiting for <what>" and, when given, `detail()`
 * (the output of the processes involved).
 */
export async function until<T>(what: string, check: Check<T>, options: { timeoutMs?: number; everyMs?: number; detail?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${options.detail ? `\n${options.detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, options.everyMs ?? 50));
  }
}

/** Drops every open connection, then closes the listener (a no-op without a server). */
export async function closeServer(server: Server | undefined): Promise<void> {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
