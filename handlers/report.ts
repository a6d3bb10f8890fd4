// 上报: records an activity for this group's branch and echoes how it was read. A report whose
// criteria are unclear is kept as 未归类 and the reply asks which criterion fits (归类).
import { defineCommand } from '../src/bot/command.js';
import { reply } from '../src/bot/message.js';
import { parseReport } from '../src/reports/parse.js';
import { reportDetail } from '../src/reports/format.js';
import { reportsRecorded } from '../src/metrics.js';
import { groupOf, requireBranch, today } from './support.js';

export default defineCommand({
  name: '上报',
  aliases: ['report', '汇报'],
  summary: '记录本支部开展的活动（日期、人数、对应标准会自动识别；可写地点、主持人、主讲人、缺席）',
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
      ...(parsed.attendees !== undefined ? { attendees: parsed.attendees } : {}),
      ...(parsed.allMembers !== undefined ? { allMembers: parsed.allMembers } : {}),
      ...(parsed.meeting !== undefined ? { meeting: parsed.meeting } : {}),
      ...(parsed.place !== undefined ? { place: parsed.place } : {}),
      ...(parsed.host !== undefined ? { host: parsed.host } : {}),
      ...(parsed.speaker !== undefined ? { speaker: parsed.speaker } : {}),
      ...(parsed.absentees !== undefined ? { absentees: parsed.absentees } : {}),
      criteria: parsed.criteria,
      text: parsed.text,
    });
    if (created) reportsRecorded.inc();
    const how = parsed.dateText !== undefined ? `（按“${parsed.dateText}”识别）` : '（未写日期，按今天记录）';
    const head = created ? `已记录 **#${report.id}**，支部“${branch}”：` : `这条消息已记录过，编号 **#${report.id}**：`;
    const ask =
      report.criteria.length === 0
        ? [
            '',
            `没有看出这项活动对应哪条标准，已先记为“未归类”。请回复“归类 ${report.id} <条目>”，例如“归类 ${report.id} 12”（可写多条：归类 ${report.id} 3 22）；发送“标准”查看 25 条。`,
          ]
        : [];
    return reply(
      `已记录 #${report.id}`,
      [head, '', reportDetail(report, ctx.knowledge, how), ...ask, '', `如有误，发送“修改 #${report.id} 日期|人数|标准|内容 …”或“撤销 ${report.id}”。`].join('\n'),
    );
  },
});
