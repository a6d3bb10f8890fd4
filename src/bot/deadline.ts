// Waiting for the bot's answer at most so long: the platform's window to acknowledge a callback.
import type { BotOutcome } from './bot.js';

export type Settled = { done: true; outcome: BotOutcome } | { done: true; error: unknown } | { done: false };

export function withDeadline(pending: Promise<BotOutcome>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  const settled = pending.then(
    (outcome): Settled => ({ done: true, outcome }),
    (error: unknown): Settled => ({ done: true, error }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
