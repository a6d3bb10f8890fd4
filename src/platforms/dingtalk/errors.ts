// DingTalk errcodes (custom robot, sessionWebhook): one table for the log line (English) and for
// admins (Chinese), with what the push service may do about each.
import type { ErrorTable } from '../http.js';

export const DINGTALK_ERRORS: ErrorTable = {
  [-1]: { meaning: 'system busy', explain: '钉钉系统繁忙（-1），稍后自动重试', reason: 'busy' },
  300001: { meaning: 'session does not exist (sessionWebhook expired)', explain: '钉钉会话已失效（300001）', reason: 'session_expired' },
  310000: {
    meaning: 'security check failed (sign, keyword, IP or timestamp)',
    explain: '钉钉安全设置校验未通过（310000）：请检查加签密钥（SEC…）、自定义关键词（提醒都含“党建”）或 IP 白名单',
    reason: 'security',
  },
  400101: { meaning: 'access_token does not exist or is invalid', explain: '钉钉机器人 access_token 无效（400101），请重新设置', reason: 'invalid_webhook' },
  400102: { meaning: 'robot is disabled', explain: '钉钉机器人已停用（400102），请在群设置中启用或重新设置', reason: 'invalid_webhook' },
  410100: { meaning: 'sending too fast (throttled for 10 minutes)', explain: '钉钉机器人发送太快被限流（410100，限流 10 分钟），稍后自动重试', reason: 'rate_limited' },
  130101: { meaning: 'sending too fast (throttled for 10 minutes)', explain: '钉钉机器人发送太快被限流（130101，限流 10 分钟），稍后自动重试', reason: 'rate_limited' },
  460101: { meaning: 'message body too large (over 20000 bytes)', explain: '消息太大（460101，超过 20000 字节）', reason: 'invalid_message' },
};
