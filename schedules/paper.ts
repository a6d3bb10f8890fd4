// Before the paper summary deadline (11/15): what to hand in, where, and by when.
import { addDays, daysBetween } from '../src/time.js';
import { at, branchBindings, METHOD_STEPS, reminderMessage } from './messages.js';
import type { Occurrence, ReminderJob } from '../src/reminders/types.js';
import { fullDate, monthDay, quote } from '../src/text.js';

const job: ReminderJob = {
  name: 'paper',
  occurrences(year, { calendar, settings, campaignYear }) {
    const s = settings.paper;
    if (!s.enabled || year !== campaignYear) return [];
    const deadline = calendar.submission.deadline;
    return s.daysBefore.map((days): Occurrence => {
      const date = addDays(deadline, -days);
      return { id: `${date}:paper`, job: 'paper', date, time: s.time, at: at(date, s.time), title: `总结材料报送（${monthDay(deadline)}截止，还剩 ${days} 天）` };
    });
  },
  async deliveries(_occurrence, ctx) {
    const s = ctx.knowledge.calendar.submission;
    const left = Math.max(0, daysBetween(ctx.today, s.deadline));
    const last = ctx.knowledge.calendar.phases[ctx.knowledge.calendar.phases.length - 1];
    const reply = reminderMessage(
      `总结材料${monthDay(s.deadline)}前报送（还剩 ${left} 天）`,
      [quote(s.text), '', `请把本支部“双强六好”工作总结打印成**${s.form}**，${fullDate(s.deadline)}前送到**${s.place}**。`],
      `${METHOD_STEPS}${last ? ` · ${last.name}` : ''}`,
      '现在发送：总结（生成本支部工作总结草稿，修改后打印报送）',
    );
    return branchBindings(ctx.bindings).map(({ binding, branch }) => ({ group: binding.group, label: branch, reply }));
  },
  reaches: (target) => target.kind === 'branch',
};

export default job;
