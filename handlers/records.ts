// 记录: the branch's latest reports.
import { defineCommand } from '../src/bot/command.js';
import { parseNumeral } from '../src/knowledge/numerals.js';
import { reportLine } from '../src/reports/format.js';
import { requireBranch } from './support.js';
import { reply, UsageError } from '../src/core.js';

const DEFAULT_COUNT = 10;
const MAX_COUNT = 50;

export default defineCommand({
  name: '记录',
  aliases: ['records', 'list'],
  summary: '查看本支部最近的上报记录',
  usage: '记录 [条数]',
  example: '记录 20',
  permission: 'everyone',
  async run(ctx, args) {
    const count = args === '' ? DEFAULT_COUNT : parseNumeral(args.replace(/条$/u, ''));
    if (count === undefined || count < 1 || count > MAX_COUNT) throw new UsageError(`条数应为 1 到 ${MAX_COUNT} 之间的数字。`);
    const { branch } = await requireBranch(ctx);
    const reports = await ctx.store.listReports(branch, count);
    if (reports.length === 0) {
      return reply('记录', `支部“${branch}”还没有上报记录。上报示例：上报 昨天组织8名党员到企业开展走基层服务`);
    }
    return reply('记录', [`支部“${branch}”最近 ${reports.length} 条记录：`, '', ...reports.map((r) => `- ${reportLine(r)}`)].join('\n'));
  },
});
