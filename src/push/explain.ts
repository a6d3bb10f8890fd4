// What a failed push means, in Chinese, for admins (推送 测试, 汇总, the reminders CLI): the
// platform's errcode table says it when it knows the code; the rest (network, HTTP status, our own
// conditions) is worded here. Never contains the address, token or message text.
import type { SendFailure } from '../platforms/http.js';

export function explainFailure(failure: SendFailure): string {
  // The platform's errcode table (platforms/<name>/errors.ts) words what it knows.
  if (failure.explanation !== undefined) return failure.explanation;
  if (failure.errcode !== undefined) return `平台返回错误码 ${failure.errcode}（${failure.meaning}）`;
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
