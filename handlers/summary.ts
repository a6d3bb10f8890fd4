// 总结: a draft of the branch's summary for the 总结提高 phase, grouped by the six standards.
import { defineCommand } from '../src/bot/command.js';
import { reply } from '../src/bot/message.js';
import { shortText } from '../src/reports/format.js';
import { grassroots, grassrootsLine } from '../src/reports/progress.js';
import type { Report } from '../src/store/types.js';
import { branchStanding } from './support.js';

const ORDINALS = ['一', '二', '三', '四', '五', '六'];

export default defineCommand({
  name: '总结',
  aliases: ['summary'],
  summary: '生成本支部“双强六好”工作总结草稿（按六个标准列出已开展的活动）',
  usage: '总结',
  example: '总结',
  permission: 'everyone',
  async run(ctx) {
    const { branch, date, reports, covered } = await branchStanding(ctx);
    const { submission } = ctx.knowledge.calendar;
    const sections = ctx.knowledge.standards.flatMap((s, i) => {
      const activities = uniqueById(s.criteria.flatMap((n) => covered.get(n) ?? []));
      const missing = s.criteria.filter((n) => !covered.has(n));
      return [
        `**${ORDINALS[i] ?? i + 1}、${s.name}**`,
        ...(activities.length > 0 ? activities.map((r) => `- ${activityLine(r)}`) : ['- （暂无记录）']),
        ...(missing.length > 0 ? [`- 尚无记录的条目：第${missing.join('、')}条`] : []),
        '',
      ];
    });
    return reply(
      '总结草稿',
      [
        `**${branch}“双强六好”党组织建设工作总结（草稿）**`,
        `统计截至 ${date}，共 ${reports.length} 项活动，覆盖 ${covered.size}/25 条二级标准。`,
        '',
        ...sections,
        `**走基层**：${grassrootsLine(grassroots(reports, date))}`,
        '',
        `> 请在此基础上补充工作成效、问题不足和整改措施。总结情况（${submission.form}）于 ${submission.deadline} 前报${submission.place}。`,
      ].join('\n'),
    );
  },
});

function activityLine(r: Report): string {
  const people = r.participants !== undefined ? `，${r.participants}人参加` : '';
  return `${r.date}：${shortText(r.text, 60)}${people}（第${r.criteria.join('、')}条）`;
}

function uniqueById(reports: Report[]): Report[] {
  const seen = new Map<number, Report>();
  for (const r of reports) seen.set(r.id, r);
  return [...seen.values()].sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
}
