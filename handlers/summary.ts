// 总结: a draft of the branch's summary for the 总结提高 phase, grouped by the six standards.
// Counts come from the branch aggregates; the activities listed are the most recent ones per
// standard (read from one page of records), so the draft fits one message whatever the history.
import { defineCommand } from '../src/bot/command.js';
import { LIMITS, utf8Bytes } from '../src/platforms/render.js';
import { activitySentence, criteriaShort } from '../src/reports/format.js';
import { grassrootsLine } from '../src/reports/progress.js';
import type { Report } from '../src/store/types.js';
import { byDateThenId } from '../src/store/schema.js';
import { groupStanding, linkLifetime } from './support.js';
import { publicBaseUrl } from '../src/config.js';
import { reply } from '../src/core.js';
import { escapeMarkdown } from '../src/text.js';

const ORDINALS = ['一', '二', '三', '四', '五', '六'];
/** Records read to pick the activities shown. */
const RECENT = 200;
/** The draft stays within the smallest reply limit (WeCom markdown), with room for a mention. */
const MAX_BYTES = LIMITS.wecomMarkdown - 200;

export default defineCommand({
  name: '总结',
  aliases: ['summary'],
  summary: '生成本支部“双强六好”工作总结草稿（按六个标准列出已开展的活动）',
  usage: '总结',
  example: '总结',
  permission: 'everyone',
  async run(ctx) {
    const standing = await groupStanding(ctx);
    const { branch, date, total, covered } = standing;
    const recent = await ctx.store.listReports(branch, RECENT);
    const docx = `${publicBaseUrl(ctx.config)}/summary/${ctx.dashboardLinks.issue({ kind: 'branch', branch }, ctx.now)}.docx`;
    const unclassified = recent.filter((r) => r.criteria.length === 0).sort(byDateThenId);
    const { submission } = ctx.knowledge.calendar;
    const draft = (shown: number): string => {
      let cut = false;
      const sections = ctx.knowledge.standards.flatMap((s, i) => {
        const inStandard = recent.filter((r) => r.criteria.some((n) => s.criteria.includes(n)));
        const count = s.criteria.reduce((sum, n) => sum + (covered.get(n) ?? 0), 0);
        const missing = s.criteria.filter((n) => !covered.has(n));
        const listed = inStandard.slice(0, shown).sort(byDateThenId);
        const more = Math.max(0, count - listed.length);
        if (more > 0) cut = true;
        return [
          `**${ORDINALS[i] ?? i + 1}、${s.name}**`,
          ...(listed.length > 0 ? listed.map((r) => `- ${activityLine(r)}`) : count > 0 ? [] : ['- （暂无记录）']),
          ...(more > 0 && shown > 0 ? [`- ……另有 ${more} 项次`] : []),
          ...(shown === 0 && count > 0 ? [`- 共 ${count} 项次（${s.criteria.filter((n) => covered.has(n)).map((n) => `第${n}条 ${covered.get(n) ?? 0}`).join('、')}）`] : []),
          ...(missing.length > 0 ? [`- 尚无记录的条目：第${missing.join('、')}条`] : []),
          '',
        ];
      });
      return [
        `**${branch}“双强六好”党组织建设工作总结（草稿）**`,
        `统计截至 ${date}，共 ${total} 项活动，覆盖 ${covered.size}/25 条二级标准。`,
        '',
        ...sections,
        ...(unclassified.length > 0
          ? [`**未归类**（请用“归类 编号 条目”归到标准下）`, ...unclassified.slice(0, Math.max(shown, 1)).map((r) => `- #${r.id} ${activityLine(r)}`), '']
          : []),
        `**走基层**：${grassrootsLine(standing.grassroots)}`,
        '',
        ...(cut ? ['全部记录：发送“记录 50”查看最近的记录，委员会群可“导出”完整表格。', ''] : []),
        `**打印版（Word，A4）**：${docx}`,
        `（含全部活动、尚无记录的条目，以及“问题不足”“整改措施”的填写栏；链接${linkLifetime(ctx.config.DASHBOARD_TTL_MINUTES)}内有效）`,
        '',
        `> 请在此基础上补充工作成效、问题不足和整改措施。总结情况（${submission.form}）于 ${submission.deadline} 前报${submission.place}。`,
      ].join('\n');
    };
    // Most activities per standard that still fit one message.
    let text = draft(0);
    for (const shown of [5, 3, 2, 1]) {
      const candidate = draft(shown);
      if (utf8Bytes(candidate) <= MAX_BYTES) {
        text = candidate;
        break;
      }
    }
    return reply('总结草稿', text);
  },
});

function activityLine(r: Report): string {
  return `${escapeMarkdown(activitySentence(r, 60))}（${criteriaShort(r.criteria)}）`;
}
