// 上报: records an activity for this group's branch and echoes how it was read.
import { defineCommand } from '../src/bot/command.js';
import { reply } from '../src/bot/message.js';
import { parseReport } from '../src/reports/parse.js';
import { reportDetail } from '../src/reports/format.js';
import { reportsRecorded } from '../src/metrics.js';
import { groupOf, requireBranch, today } from './support.js';

export default defineCommand({
  name: '上报',
  aliases: ['report', '汇报'],
  summary: '记录本支部开展的活动（日期、人数、对应标准会自动识别）',
  usage: '上报 <日期> <活动内容> [人数]',
  example: '上报 昨天组织8名党员到企业开展走基层服务',
  permission: 'everyone',
  greedy: true,
  async run(ctx, args) {
    const { branch } = await requireBranch(ctx);
    const parsed = parseReport(args, { today: today(ctx), campaignYear: ctx.config.CAMPAIGN_YEAR, knowledge: ctx.knowledge });
    const { report, created } = await ctx.store.addReport({
      branch,
      reporterId: ctx.message.senderId,
      ...(ctx.message.senderName !== undefined ? { reporterName: ctx.message.senderName } : {}),
      group: groupOf(ctx),
      messageId: `${ctx.message.platform}:${ctx.message.messageId}`,
      receivedAt: ctx.message.receivedAt.toISOString(),
      date: parsed.date,
      ...(parsed.participants !== undefined ? { participants: parsed.participants } : {}),
      criteria: parsed.criteria,
      text: parsed.text,
    });
    if (created) reportsRecorded.inc();
    const how = parsed.dateText !== undefined ? `（按“${parsed.dateText}”识别）` : '（未写日期，按今天记录）';
    const head = created ? `已记录 **#${report.id}**，支部“${branch}”：` : `这条消息已记录过，编号 **#${report.id}**：`;
    return reply(
      `已记录 #${report.id}`,
      [head, '', reportDetail(report, ctx.knowledge, how), '', `如有误，发送“撤销 ${report.id}”后重新上报。`].join('\n'),
    );
  },
});
