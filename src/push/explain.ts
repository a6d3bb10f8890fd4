// What a failed push means, in Chinese, for admins (推送 测试, 汇总, the reminders CLI). Built from
// the platform's errcode when it sent one; never contains the address, token or message text.
import type { SendFailure } from '../platforms/index.js';

const BY_ERRCODE: Readonly<Record<number, string>> = {
  // WeCom group robot webhook
  93000: '企业微信机器人地址或 key 无效（93000）：机器人可能已被移出群或删除，请重新设置',
  45009: '发送太频繁（45009，每个机器人每分钟最多 20 条），稍后自动重试',
  40058: '消息过长或参数不合法（40058）',
  40008: '消息类型不合法（40008）',
  45033: '并发请求太多（45033），稍后自动重试',
  // DingTalk custom robot
  310000: '钉钉安全设置校验未通过（310000）：请检查加签密钥（SEC…）、自定义关键词（提醒都含“党建”）或 IP 白名单',
  400101: '钉钉机器人 access_token 无效（400101），请重新设置',
  400102: '钉钉机器人已停用（400102），请在群设置中启用或重新设置',
  410100: '钉钉机器人发送太快被限流（410100，限流 10 分钟），稍后自动重试',
  130101: '钉钉机器人发送太快被限流（130101，限流 10 分钟），稍后自动重试',
  460101: '消息太大（460101，超过 20000 字节）',
  300001: '钉钉会话已失效（300001）',
  [-1]: '平台系统繁忙（-1），稍后自动重试',
};

export function explainFailure(failure: SendFailure): string {
  if (failure.errcode !== undefined) return BY_ERRCODE[failure.errcode] ?? `平台返回错误码 ${failure.errcode}（${failure.meaning}）`;
  const m = failure.meaning;
  if (m === 'DingTalk OpenAPI not configured') return '未配置钉钉企业机器人（DINGTALK_APP_KEY、DINGTALK_APP_SECRET、DINGTALK_ROBOT_CODE），无法推送到本群';
  if (m === 'stored webhook url has no key') return '保存的企业微信机器人地址无效，请重新设置';
  if (m === 'request timed out') return '请求超时：平台可能已收到，为免重复不再重发，请在群里确认';
  if (m === 'network error') return '连接中断：平台可能已收到，为免重复不再重发，请在群里确认';
  if (m === 'connection refused') return '无法连接平台，稍后自动重试';
  if (m.startsWith('access token')) return '钉钉企业机器人凭证被拒绝：请检查 DINGTALK_APP_KEY / DINGTALK_APP_SECRET';
  if (m.startsWith('robot or conversation not found')) return '钉钉企业机器人不在该群或群会话不存在，请重新设置推送';
  if (m.startsWith('rate limited') || failure.status === 429) return '发送太频繁被限流，稍后自动重试';
  if (failure.status !== undefined && failure.status >= 500) return `平台服务器错误（HTTP ${failure.status}），稍后自动重试`;
  if (failure.status === 404 || failure.status === 410) return `推送地址不存在（HTTP ${failure.status}），请重新设置`;
  if (failure.status !== undefined) return `推送被拒绝（HTTP ${failure.status}：${m}）`;
  return `推送失败（${m}）`;
}
