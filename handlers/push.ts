// 推送 (admins): where this group's reminders go. Shows the channel with secrets masked, sets a
// WeCom / DingTalk robot address, sends a test message, or turns pushes off and on again.
// The key, token and SEC secret are never repeated back or logged.
import { defineCommand, type HandlerContext } from '../src/bot/command.js';
import { channelOrigin, channelStatus, CLOSED_REASON, describeChannel, isClosed, parsePushArgs } from '../src/push/index.js';
import { groupOf } from './support.js';
import { Refusal, reply, type Reply, UsageError } from '../src/core.js';

const EXAMPLES = [
  '企业微信：推送 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  '钉钉：推送 https://oapi.dingtalk.com/robot/send?access_token=… SEC…（加签密钥可省略）',
].join('\n');

export default defineCommand({
  name: '推送',
  aliases: ['push'],
  summary: '查看或设置本群提醒的推送地址（群机器人），“推送 测试”试发一条',
  usage: '推送 [机器人地址 [SEC密钥]|测试|关闭|开启]',
  example: '推送 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=你的key',
  permission: 'admin',
  async run(ctx, args) {
    if (ctx.message.chatType !== 'group') throw new Refusal('推送地址按群设置，请在要接收提醒的群里发送。');
    const parsed = parsePushArgs(args, ctx.message.platform, ctx.config.WECOM_API_BASE);
    switch (parsed.kind) {
      case 'show':
        return show(ctx);
      case 'test':
        return test(ctx);
      case 'close':
        return close(ctx);
      case 'open':
        return open(ctx);
      case 'invalid':
        throw new UsageError(`${parsed.problem}\n\n${EXAMPLES}`);
      case 'set': {
        const group = groupOf(ctx);
        await ctx.store.setPushChannel(group, { channel: parsed.channel, setBy: ctx.message.senderId, setAt: ctx.now.toISOString() });
        const bound = await ctx.store.getBinding(group);
        return reply(
          '推送',
          [
            `已设置本群推送：${describeChannel(parsed.channel)}。`,
            bound ? '' : '注意：本群还没有绑定支部，绑定后才会收到提醒。',
            '发送“推送 测试”试发一条。为安全起见，请撤回刚才含密钥的消息。',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      }
    }
  },
});

async function show(ctx: HandlerContext): Promise<Reply> {
  const record = await ctx.store.getPushChannel(groupOf(ctx));
  if (!record) {
    return reply('推送', `本群还没有推送地址，提醒发不到本群。请把群机器人的 webhook 地址发给我：\n${EXAMPLES}`);
  }
  return reply(
    '推送',
    [`**本群推送**：${describeChannel(record.channel)}`, `- 来源：${channelOrigin(record)}`, `- 状态：${channelStatus(record)}`, '', '发送“推送 测试”试发一条；“推送 关闭”停止向本群推送。'].join('\n'),
  );
}

async function test(ctx: HandlerContext): Promise<Reply> {
  const group = groupOf(ctx);
  const record = await ctx.store.getPushChannel(group);
  if (!record) throw new Refusal('本群还没有推送地址。请先发送：推送 <机器人地址>');
  if (isClosed(record)) throw new Refusal('本群推送已关闭。发送“推送 开启”后再试。');
  const message = reply('【党建助手】推送测试', '**【党建助手】推送测试**\n\n本群可以收到党建助手的提醒。');
  const result = await ctx.push.send(group, message, { force: true });
  if (result.status === 'sent') {
    // A dead channel that works again is live again (setting a record clears `dead`).
    if (record.dead) await ctx.store.setPushChannel(group, { channel: record.channel, setBy: record.setBy, setAt: record.setAt });
    return reply('推送', `测试消息已发出（${describeChannel(record.channel)}），请查看本群是否收到。`);
  }
  const why = result.status === 'failed' ? result.explanation : '本群没有推送地址';
  return reply('推送', `测试消息发送失败：${why}${result.status === 'failed' && result.markedDead ? '\n\n已把这个地址标为失效，请重新设置：推送 <新地址>' : ''}`);
}

async function close(ctx: HandlerContext): Promise<Reply> {
  const group = groupOf(ctx);
  const record = await ctx.store.getPushChannel(group);
  if (!record) return reply('推送', '本群没有推送地址，无需关闭。');
  // Kept as a dead marker rather than deleted: a deleted address would be captured again
  // automatically from the next callback of this group.
  await ctx.store.markPushChannelDead(group, CLOSED_REASON, ctx.now.toISOString());
  return reply('推送', '已关闭本群推送，提醒不再发到本群。发送“推送 开启”可恢复。');
}

async function open(ctx: HandlerContext): Promise<Reply> {
  const group = groupOf(ctx);
  const record = await ctx.store.getPushChannel(group);
  if (!record) throw new Refusal('本群还没有推送地址。请发送：推送 <机器人地址>');
  if (!record.dead) return reply('推送', '本群推送已是开启状态。');
  // setBy is kept: an automatically captured address stays one, so the route may still update it.
  await ctx.store.setPushChannel(group, { channel: record.channel, setBy: record.setBy, setAt: record.setAt });
  return reply('推送', `已开启本群推送：${describeChannel(record.channel)}。发送“推送 测试”试发一条。`);
}
