// 标准: the six first-level standards, one second-level criterion by number, or a standard's criteria.
import { defineCommand } from '../src/bot/command.js';
import { criterionArg, standardArg } from '../src/knowledge/args.js';
import { UsageError } from '../src/core.js';
import { escapeMarkdown } from '../src/text.js';
import { formatCriterion, formatStandard, formatStandards } from '../src/bot/notice-text.js';

export default defineCommand({
  name: '标准',
  aliases: ['criteria', '标准查询'],
  summary: '查看“六好”标准：六个一级标准、某一条二级标准或某一好的全部条目',
  usage: '标准 [编号|标准名]',
  example: '标准 7',
  permission: 'everyone',
  run(ctx, args) {
    const k = ctx.knowledge;
    const text = args.trim();
    if (text === '' || /^(?:全部|所有|六好|一级标准|列表)$/u.test(text)) return formatStandards(k);
    const n = criterionArg(text);
    if (n !== undefined) {
      if (!k.criterion(n)) throw new UsageError(`二级标准共 25 条（第1–25条），没有第${n}条。`);
      return formatCriterion(k, n);
    }
    const standard = standardArg(text, k.standards);
    if (standard !== undefined) return formatStandard(k, standard);
    throw new UsageError(
      `“${escapeMarkdown(text)}”不是标准编号，也不是一级标准名称。编号写 1–25（如“7”“七”“第十二条”），名称如“团结凝聚群众好”或“自身建设”。`,
    );
  },
});
