// 汇总 (committee group only): every branch's reports, coverage, 走基层 and last report date.
import { defineCommand } from '../src/bot/command.js';
import { branchStandings } from '../src/reports/progress.js';
import { compareChinese } from '../src/store/schema.js';
import { pushHealth, pushHealthLines } from '../src/push/index.js';
import { today } from './support.js';
import { reply } from '../src/core.js';

export default defineCommand({
  name: '汇总',
  aliases: ['overview'],
  summary: '各支部上报情况一览（条数、覆盖标准、本半年走基层、最近上报）',
  usage: '汇总',
  example: '汇总',
  permission: 'committee',
  async run(ctx) {
    const date = today(ctx);
    const branches = (await ctx.store.listBranches()).sort(compareChinese);
    // Groups whose reminders cannot arrive (dead, closed or missing push channel).
    const pushLines = pushHealthLines(await pushHealth(ctx.store));
    if (branches.length === 0) return reply('汇总', ['还没有任何支部绑定群或上报记录。', ...pushLines].join('\n'));
    const active: string[] = [];
    const silent: string[] = [];
    for (const s of await branchStandings(ctx.store, branches, date)) {
      if (s.total === 0) {
        silent.push(s.branch);
        continue;
      }
      const walked = s.grassroots.count > 0;
      active.push(`- **${s.branch}**：${s.total} 条，覆盖 ${s.covered.size}/25，走基层${walked ? '✅' : '❌'}，最近 ${s.lastDate ?? ''}`);
    }
    return reply(
      '汇总',
      [
        `**各支部上报汇总**（截至 ${date}，共 ${branches.length} 个支部）`,
        '',
        ...active,
        ...(silent.length > 0 ? ['', `**从未上报**（${silent.length}）：${silent.join('、')}`] : []),
        ...pushLines,
      ].join('\n'),
    );
  },
});
