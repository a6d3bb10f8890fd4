// 修改: corrects one field of a report (reporter or admin). The reply shows before and after; the
// change is kept in the audit log (修改记录) that the committee's export includes.
import { defineCommand } from '../src/bot/command.js';
import { AMEND_FIELDS, amend, amendField } from '../src/reports/amend.js';
import { reportDetail, reporterLabel } from '../src/reports/format.js';
import { actor, mayChange, recordNumber, requireBranch, today } from './support.js';
import { Refusal, reply, UsageError } from '../src/core.js';
import { escapeMarkdown } from '../src/text.js';

export default defineCommand({
  name: '修改',
  aliases: ['edit', '更正'],
  summary: '更正一条记录的日期、人数、标准或内容（上报人本人或管理员），保留修改记录',
  usage: '修改 #编号 日期|人数|标准|内容|地点|主持人|主讲人|缺席 新值',
  example: '修改 #3 人数 9',
  permission: 'everyone',
  async run(ctx, args) {
    const m = /^(\S+)\s+(\S+?)\s*[:：]?\s+([\s\S]+)$/u.exec(args.trim());
    const id = m ? recordNumber(m[1] ?? '') : undefined;
    if (!m || id === undefined) throw new UsageError(`请写上编号、要改的项和新值，可改：${AMEND_FIELDS.join('、')}。`);
    const field = amendField(m[2] ?? '');
    if (field === undefined) throw new UsageError(`“${m[2]}”不能修改。可改：${AMEND_FIELDS.join('、')}，例如“修改 #${id} 日期 10月13日”。`);
    const { branch } = await requireBranch(ctx);
    const who = actor(ctx);
    const parseCtx = { today: today(ctx), campaignYear: ctx.config.CAMPAIGN_YEAR, knowledge: ctx.knowledge, at: who.at };
    let refused: string | undefined;
    let change: { before: string; after: string } | undefined;
    const result = await ctx.store.updateReport(branch, id, (current) => {
      if (!mayChange(ctx, current)) {
        refused = `记录 #${id} 由 ${reporterLabel(current)} 上报，只有上报人本人或管理员可以修改。`;
        return null;
      }
      const a = amend(current, field, m[3] ?? '', parseCtx);
      change = { before: a.before, after: a.afterLabel };
      return { after: a.after, audit: { action: 'update', field, before: a.before, after: a.afterLabel, ...who } };
    });
    if (result === null) throw new Refusal(`支部“${branch}”没有编号为 #${id} 的记录。发送“记录”查看现有记录。`);
    if (refused !== undefined) throw new Refusal(refused);
    if (change === undefined) throw new Refusal(`记录 #${id} 没有改动。`);
    return reply(
      `已修改 #${id}`,
      [`已修改记录 #${id} 的${field}：`, '', `- 修改前：${escapeMarkdown(change.before)}`, `- 修改后：${escapeMarkdown(change.after)}`, '', reportDetail(result.after, ctx.knowledge)].join('\n'),
    );
  },
});
