// 阶段: the campaign phase of a date (default today) with its tasks and the days left.
import { defineCommand } from '../src/bot/command.js';
import { phaseArg } from '../src/knowledge/args.js';
import { parseDateArg } from '../src/knowledge/dates.js';
import { UsageError } from '../src/core.js';
import { formatPhase, formatPhaseOn, formatPhases } from '../src/bot/notice-text.js';

export default defineCommand({
  name: '阶段',
  aliases: ['phase'],
  summary: '查看某天（默认今天）所处的活动阶段、任务和剩余天数',
  usage: '阶段 [日期]',
  example: '阶段 11月5日',
  permission: 'everyone',
  run(ctx, args) {
    const k = ctx.knowledge;
    const text = args.trim();
    if (/^(?:全部|所有|安排|时间安排|方法步骤)$/u.test(text)) return formatPhases(k, ctx.now);
    const named = phaseArg(text);
    if (named !== undefined) {
      if (!k.calendar.phases.some((p) => p.index === named)) throw new UsageError(`活动只有 ${k.calendar.phases.length} 个阶段，没有第${named}阶段。`);
      return formatPhase(k, named, ctx.now);
    }
    const date = parseDateArg(text, ctx.now, k.calendar.year);
    if (!date.ok) throw new UsageError(`${date.message}。日期可以写“今天”“明天”“11月5日”“2026-11-05”或“11.5”。`);
    return formatPhaseOn(k, date.date, ctx.now);
  },
});
