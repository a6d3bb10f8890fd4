// How a push channel is shown to people: the kind and a masked identifier, never a whole key,
// token or signing secret.
import { wecomWebhookKey } from '../platforms/wecom/webhook.js';
import type { PushChannel, PushChannelRecord } from '../store/types.js';
import { shanghaiDate } from '../time.js';

/** ab12…ef90 for long values; short ones are hidden entirely. */
export function mask(value: string): string {
  const chars = [...value];
  if (chars.length < 12) return '****';
  return `${chars.slice(0, 4).join('')}…${chars.slice(-4).join('')}`;
}

export function describeChannel(channel: PushChannel): string {
  switch (channel.kind) {
    case 'wecom-webhook': {
      const key = wecomWebhookKey(channel.url);
      return `企业微信群机器人（key ${key ? mask(key) : '无法识别'}）`;
    }
    case 'wecom-ws':
      return '企业微信智能机器人长连接（主动发送）';
    case 'dingtalk-robot':
      return `钉钉自定义机器人（access_token ${mask(channel.accessToken)}，${channel.secret ? '已加签' : '未加签'}）`;
    case 'dingtalk-openapi':
      return `钉钉企业机器人（群会话 ${mask(channel.openConversationId)}）`;
  }
}

/** Set when an admin turned pushes off with “推送 关闭” (kept as a dead marker by `推送 关闭`, handlers/push.ts). */
export const CLOSED_REASON = '管理员已关闭推送';

export function isClosed(record: PushChannelRecord): boolean {
  return record.dead?.reason === CLOSED_REASON;
}

/** One line: 正常 / 已关闭 / 已失效：原因（日期）. */
export function channelStatus(record: PushChannelRecord): string {
  if (!record.dead) return '正常 ✅';
  const day = dayOf(record.dead.at);
  if (isClosed(record)) return `已关闭（${day}）`;
  return `❌ 已失效：${record.dead.reason}（${day}）`;
}

export function channelOrigin(record: PushChannelRecord): string {
  return `${record.setBy === 'auto' ? '机器人自动获取' : '管理员设置'}，${dayOf(record.setAt)}`;
}

/** The Shanghai date of a stored ISO instant (the raw text when unparsable). */
export function dayOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso.slice(0, 10) : shanghaiDate(d);
}
