// 提醒 (admins): the next reminders this group will get, with dates, and whether they can arrive.
import { defineCommand } from '../src/bot/command.js';
import { channelStatus, describeChannel } from '../src/push/index.js';
import { branchStanding } from '../src/reports/progress.js';
import type { Occurrence } from '../src/reminders/types.js';
import { groupOf, NOT_BOUND } from './support.js';
import { Refusal, reply } from '../src/core.js';
import { monthDay } from '../src/text.js';

const SHOWN = 8;

export default defineCommand({
  name: '提醒',
  aliases: ['reminders'],
  summary: '查看本群接下来会收到的提醒和日期',
  usage: '提醒',
  example: '提醒',
  permission: 'admin',
  async run(ctx) {
    const group = groupOf(ctx);
    const binding = await ctx.store.getBinding(group);
    if (!binding) throw new Refusal(`${NOT_BOUND}\n\n绑定后本群才会收到提醒。`);
    const target = binding.target;
    const upcoming = ctx.reminders.upcoming(target, ctx.now, SHOWN);
    // 走基层 done in the half-year of each upcoming grassroots reminder (one aggregate read each).
    const walked = new Map<string, boolean>();
    if (target.kind === 'branch') {
      for (const o of upcoming) {
        if (o.job === 'grassroots' && !walked.has(o.date)) walked.set(o.date, (await branchStanding(ctx.store, target.branch, o.date)).grassroots.count > 0);
      }
    }
    const note = (o: Occurrence): string => {
      if (o.job !== 'grassroots') return '';
      if (target.kind === 'committee') return '（委员会收到各支部进度一览）';
      return walked.get(o.date) === true ? '（本半年已开展，届时不发送）' : '';
    };
    const lines = upcoming.map((o) => `- ${o.date.slice(0, 4)}年${monthDay(o.date)} ${o.time}　${o.title}${note(o)}`);
    const record = await ctx.store.getPushChannel(group);
    const push = record
      ? `推送：${describeChannel(record.channel)}，${channelStatus(record)}`
      : '推送：❌ 未设置，提醒发不到本群。请发送：推送 <群机器人地址>';
    const who = target.kind === 'committee' ? '委员会' : `支部“${target.branch}”`;
    const committeeNote = target.kind === 'committee' ? ['阶段提醒只发到各支部群。'] : [];
    return reply('提醒', [`**本群接下来的提醒**（${who}，北京时间）`, '', ...(lines.length > 0 ? lines : ['- 暂无安排']), '', push, ...committeeNote].join('\n'));
  },
});
