// WeCom errcodes: one table for the log line (English `meaning`) and for admins (Chinese
// `explain`), with what the push service may do about each (retry later, or the channel is dead).
// Used by the group robot webhook sender and the long connection alike.
import type { ErrorInfo, SendFailure } from '../http.js';

export const WECOM_ERRORS: Readonly<Record<number, ErrorInfo>> = {
  [-1]: { meaning: 'system busy', explain: '企业微信系统繁忙（-1），稍后自动重试', reason: 'busy' },
  93000: { meaning: 'invalid webhook url or key', explain: '企业微信机器人地址或 key 无效（93000）：机器人可能已被移出群或删除，请重新设置', reason: 'invalid_webhook' },
  40058: { meaning: 'content too long or invalid parameter', explain: '消息过长或参数不合法（40058）', reason: 'invalid_message' },
  45009: { meaning: 'frequency limit (20 messages per minute per robot)', explain: '发送太频繁（45009，每个机器人每分钟最多 20 条），稍后自动重试', reason: 'rate_limited' },
  40008: { meaning: 'invalid message type', explain: '消息类型不合法（40008）', reason: 'invalid_message' },
  45033: { meaning: 'too many concurrent requests', explain: '并发请求太多（45033），稍后自动重试', reason: 'rate_limited' },
};

/** A long-connection send that failed: an error frame from WeCom, or the SDK's own error. */
export function wecomFailure(err: unknown): SendFailure {
  if (typeof err === 'object' && err !== null && 'errcode' in err) {
    const errcode = Number((err as { errcode: unknown }).errcode);
    const info = WECOM_ERRORS[errcode];
    return {
      ok: false,
      errcode,
      meaning: info?.meaning ?? 'long connection send refused',
      explanation: info?.explain ?? `企业微信返回错误码 ${errcode}`,
      // Over the long connection an errcode never kills a channel: the connection itself is fine.
      reason: info && info.reason !== 'invalid_webhook' ? info.reason : 'rejected',
    };
  }
  const text = err instanceof Error ? err.message : String(err);
  if (/ack timeout/i.test(text)) {
    return { ok: false, meaning: 'long connection: no ack in time', explanation: '企业微信长连接未确认：消息可能已送达，为免重复不再重发', reason: 'timeout' };
  }
  if (/not connected/i.test(text)) {
    return { ok: false, meaning: 'long connection not up', explanation: '企业微信长连接未连上，稍后自动重试', reason: 'no_link' };
  }
  return { ok: false, meaning: 'long connection closed during send', explanation: '企业微信长连接中断：消息可能已送达，为免重复不再重发', reason: 'network' };
}
