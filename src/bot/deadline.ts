// Waiting for the bot's answer at most so long: the platform's window to acknowledge a callback.
import type { BotOutcome } from './bot.js';

export type Settled<T = BotOutcome> = { done: true; outcome: T } | { done: true; error: unknown } | { done: false };

export function withDeadline<T = BotOutcome>(pending: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  const settled = pending.then(
    (outcome): Settled<T> => ({ done: true, outcome }),
    (error: unknown): Settled<T> => ({ done: true, error }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
