// Constant-time string comparison for signatures, tokens and bearer secrets: the one place it is done.
import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison; false (after a dummy comparison) when the lengths differ. */
export function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
