// Signed link tokens (dashboard pages, photos): base64url(JSON payload) "." HMAC-SHA256 of the
// encoded payload under a per-use domain, so one secret serves every kind of link and rotating
// it revokes them all. Each caller checks its own payload's shape and expiry.
import { createHmac } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

/** Longer tokens are refused before any hashing. */
const MAX_TOKEN_CHARS = 2048;

export function sealToken(secret: string, domain: string, payload: object): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${sign(secret, domain, encoded)}`;
}

/** The payload of a token signed for `domain`, or null: too long, malformed, forged, or not an object. */
export function openToken(secret: string, domain: string, token: string): Record<string, unknown> | null {
  if (token.length > MAX_TOKEN_CHARS) return null;
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return null;
  if (!safeEqual(sign(secret, domain, encoded), signature)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
}

function sign(secret: string, domain: string, encoded: string): string {
  return createHmac('sha256', secret).update(`${domain}.${encoded}`).digest('base64url');
}
