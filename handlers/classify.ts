// 归类: files a report (usually a 未归类 one) under the criteria the secretary names.
import { defineCommand } from '../src/bot/command.js';
import { criteriaLabel, criteriaShort, reporterLabel } from '../src/reports/format.js';
import { parseCriteriaArg } from '../src/reports/parse.js';
import { actor, mayChange, recordNumber, requireBranch } from './support.js';
import { Refusal, reply, UsageError } from '../src/core.js';

export default defineCommand({
  name: '归类',
  aliases: ['classify'],
  summary: '把一条记录归到某几条标准下（如“未归类”的记录）',
  usage: '归类 <编号> <条目…>',
  example: '归类 12 7',
  permission: 'everyone',
  async run(ctx, args) {
    const m = /^(\S+)\s+([\s\S]+)$/u.exec(args.trim());
    const id = m ? recordNumber(m[1] ?? '') : undefined;
    if (!m || id === undefined) throw new UsageError('请写上记录编号和条目，如“归类 12 7”或“归类 12 3 22”。');
    const criteria = parseCriteriaArg(m[2] ?? '');
    const { branch } = await requireBranch(ctx);
    const who = actor(ctx);
    let refused: string | undefined;
    let before = '';
    let same = false;
    const result = await ctx.store.updateReport(branch, id, (current) => {
      if (!mayChange(ctx, current)) {
        refused = `记录 #${id} 由 ${reporterLabel(current)} 上报，只有上报人本人或管理员可以归类。`;
        return null;
      }
      before = criteriaShort(current.criteria);
      const after = criteriaShort(criteria);
      same = before === after;
      if (same) return null;
      return { after: { ...current, criteria, updatedAt: who.at }, audit: { action: 'classify', field: '标准', before, after, ...who } };
    });
    if (result === null) throw new Refusal(`支部“${branch}”没有编号为 #${id} 的记录。发送“记录”查看现有记录。`);
    if (refused !== undefined) throw new Refusal(refused);
    if (same) return reply('归类', `记录 #${id} 已归在${criteriaLabel(criteria, ctx.knowledge)}下，无需改动。`);
    return reply(`已归类 #${id}`, [`已把记录 #${id} 归类：`, '', `- 修改前：${before}`, `- 修改后：${criteriaLabel(criteria, ctx.knowledge)}`].join('\n'));
  },
});
