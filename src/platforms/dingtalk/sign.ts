// DingTalk signatures: base64(HmacSHA256(key=secret, msg=timestamp + "\n" + secret)).
// The same value signs enterprise robot callbacks (secret = AppSecret, headers `timestamp`/`sign`)
// and custom robot pushes (secret = SEC…, URL-encoded in the query).
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../safe-equal.js';

export function dingtalkSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** Allowed clock difference for callback timestamps. */
export const DINGTALK_MAX_SKEW_MS = 60 * 60 * 1000;

export type DingtalkSignCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'signature' };

/** Verifies callback headers: |now − timestamp| ≤ 1 hour and a constant-time sign comparison. */
export function verifyDingtalkCallback(
  appSecret: string,
  timestamp: string | undefined,
  sign: string | undefined,
  now: Date,
): DingtalkSignCheck {
  if (!timestamp || !sign) return { ok: false, reason: 'missing' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  if (Math.abs(now.getTime() - Number(timestamp)) > DINGTALK_MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  return safeEqual(dingtalkSign(appSecret, timestamp), sign) ? { ok: true } : { ok: false, reason: 'signature' };
}
