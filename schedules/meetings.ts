// 三会一课 on schedule (criteria 3 and 22): a week (configurable) before each month and quarter
// ends, remind every bound branch that has no record of a meeting kind due in that period.
// Branches that are on track get nothing. Exactly once per (occurrence, group), like every job.
import { MEETING_KINDS } from '../src/knowledge/activity.js';
import { meetingTallies, periodOf, type MeetingTally } from '../src/reports/meetings.js';
import { addDays } from '../src/time.js';
import { at, branchBindings, reminderMessage } from './messages.js';
import type { Delivery, JobContext, Occurrence, ReminderJob } from '../src/reminders/types.js';
import { criterionCitation } from '../src/bot/notice-text.js';
import { monthDay } from '../src/text.js';

const job: ReminderJob = {
  name: 'meetings',
  occurrences(year, { settings }) {
    const s = settings.meetings;
    if (!s.enabled) return [];
    const out: Occurrence[] = [];
    for (let month = 1; month <= 12; month++) {
      const day = `${year}-${String(month).padStart(2, '0')}-01`;
      const due = MEETING_KINDS.filter((k) => {
        const c = s.cadence[k];
        return c !== 'off' && periodOf(day, c).end === periodOf(day, 'monthly').end;
      });
      if (due.length === 0) continue;
      const date = addDays(periodOf(day, 'monthly').end, -s.daysBefore);
      out.push({ id: `${date}:meetings`, job: 'meetings', date, time: s.time, at: at(date, s.time), title: `三会一课提醒（${due.join('、')}尚无记录的支部）` });
    }
    return out;
  },
  async deliveries(occurrence, ctx) {
    const periodEnd = periodOf(occurrence.date, 'monthly').end;
    const bound = branchBindings(ctx.bindings);
    // One read of every branch's aggregates, whatever the number of branches or records.
    const stats = await ctx.store.branchStats([...new Set(bound.map((b) => b.branch))]);
    const missingOf = new Map(
      stats.map((s) => [s.branch, meetingTallies(s.meetings, occurrence.date, ctx.settings.meetings.cadence).filter((m) => m.period.end === periodEnd && m.count === 0)] as const),
    );
    const out: Delivery[] = [];
    for (const { binding, branch } of bound) {
      const missing = missingOf.get(branch) ?? [];
      if (missing.length > 0) out.push({ group: binding.group, label: branch, reply: message(ctx, missing) });
    }
    return out;
  },
  reaches: (target) => target.kind === 'branch',
};

function message(ctx: JobContext, missing: MeetingTally[]): ReturnType<typeof reminderMessage> {
  const end = missing[0]?.period.end ?? ctx.today;
  const lines = missing.map((m) => `- ${m.kind}：${m.period.relative}（${m.period.label}）还没有记录`);
  const c = ctx.knowledge.criterion(22);
  const example = missing[0]?.kind ?? '支部委员会';
  return reminderMessage(
    `三会一课：${monthDay(end)}前还有 ${missing.length} 项未召开`,
    [...lines, '', `请在 ${monthDay(end)}前按期召开；已召开的请补报。`],
    c ? criterionCitation(ctx.knowledge, c) : '附件第22条',
    `完成后发送：上报 <日期> 召开${example}，<人数>人参加，例如：上报 昨天召开${example}，5人参加`,
  );
}

export default job;
