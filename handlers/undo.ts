// 撤销: deletes one report of this branch; only its reporter or an admin may.
import { defineCommand } from '../src/bot/command.js';
import { parseNumeral } from '../src/knowledge/numerals.js';
import { reportDetail, reporterLabel, reportLine } from '../src/reports/format.js';
import { actor, mayChange, requireBranch } from './support.js';
import { Refusal, reply, UsageError } from '../src/core.js';

export default defineCommand({
  name: '撤销',
  aliases: ['undo', '删除', '撤消'],
  summary: '删除一条上报记录（上报人本人或管理员）',
  usage: '撤销 <编号>',
  example: '撤销 3',
  permission: 'everyone',
  async run(ctx, args) {
    const id = parseNumeral(args.replace(/^[#＃]|号$/gu, '').trim());
    if (id === undefined || id < 1) throw new UsageError('请写上要撤销的记录编号（发送“记录”可查看编号）。');
    const { branch } = await requireBranch(ctx);
    const report = await ctx.store.getReport(branch, id);
    if (!report) throw new Refusal(`支部“${branch}”没有编号为 #${id} 的记录。发送“记录”查看现有记录。`);
    if (!mayChange(ctx, report)) {
      throw new Refusal(`记录 #${id} 由 ${reporterLabel(report)} 上报，只有上报人本人或管理员可以撤销。`);
    }
    const deleted = await ctx.store.deleteReport(branch, id, { action: 'delete', before: reportLine(report), after: '（已撤销）', ...actor(ctx) });
    if (!deleted) throw new Refusal(`记录 #${id} 已被撤销。`);
    return reply(`已撤销 #${id}`, [`已撤销记录 #${id}：`, '', reportDetail(deleted, ctx.knowledge)].join('\n'));
  },
});
