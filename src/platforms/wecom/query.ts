// The query of every WeCom callback: msg_signature, timestamp, nonce (and echostr on the URL
// check), URL-decoded exactly once. A '+' sent literally would decode to a space; WeCom sends %2B.
import type { Context } from 'koa';
import { queryParam, reject } from '../types.js';

export interface CallbackQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Allowed clock difference for callback timestamps (seconds). */
export const WECOM_MAX_SKEW_SECONDS = 60 * 60;

export function callbackQuery(ctx: Context, now: Date): CallbackQuery {
  const signature = queryParam(ctx, 'msg_signature');
  const timestamp = queryParam(ctx, 'timestamp');
  const nonce = queryParam(ctx, 'nonce');
  const missing = [signature ? '' : 'msg_signature', timestamp ? '' : 'timestamp', nonce ? '' : 'nonce'].filter(Boolean);
  if (!signature || !timestamp || !nonce) reject(ctx, 400, 'bad-query', `missing query parameter: ${missing.join(', ')}`);
  if (!/^\d{1,12}$/.test(timestamp)) reject(ctx, 400, 'bad-query', 'timestamp must be seconds');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WECOM_MAX_SKEW_SECONDS) {
    reject(ctx, 401, 'stale', 'stale timestamp');
  }
  return { signature, timestamp, nonce };
}
