// A few days before each phase ends: days left, what the branch has reported in this phase.
import { addDays, daysBetween } from '../src/time.js';
import { at, branchBindings, METHOD_STEPS, reminderMessage } from './messages.js';
import { reportExample, whatToDo } from './phase-text.js';
import type { Delivery, Occurrence, ReminderJob } from '../src/reminders/types.js';
import { monthDay } from '../src/text.js';

const job: ReminderJob = {
  name: 'phase-ending',
  occurrences(year, { calendar, settings, campaignYear }) {
    const s = settings['phase-ending'];
    if (!s.enabled || year !== campaignYear) return [];
    return calendar.phases.flatMap((p) =>
      s.daysBefore.flatMap((days): Occurrence[] => {
        const date = addDays(p.end, -days);
        if (date < p.start) return [];
        return [{ id: `${date}:phase-ending:${p.index}`, job: 'phase-ending', date, time: s.time, at: at(date, s.time), title: `${p.name}还剩 ${days} 天`, phase: p.index }];
      }),
    );
  },
  async deliveries(occurrence, ctx) {
    const phase = ctx.knowledge.calendar.phases.find((p) => p.index === occurrence.phase);
    if (!phase) return [];
    const left = Math.max(0, daysBetween(ctx.today, phase.end));
    const out: Delivery[] = [];
    const bound = branchBindings(ctx.bindings);
    const stats = await ctx.store.branchStats([...new Set(bound.map((b) => b.branch))], { dated: { start: phase.start, end: phase.end } });
    const inPhaseOf = new Map(stats.map((s) => [s.branch, s.dated ?? 0]));
    for (const { binding, branch } of bound) {
      const inPhase = inPhaseOf.get(branch) ?? 0;
      const reply = reminderMessage(
        `${phase.name}还剩 ${left} 天（${monthDay(phase.end)}结束）`,
        [...whatToDo(phase, ctx.knowledge.calendar), `本阶段本支部已上报 ${inPhase} 条活动${inPhase === 0 ? '，请抓紧' : ''}。`],
        METHOD_STEPS,
        reportExample(phase),
      );
      out.push({ group: binding.group, label: branch, reply });
    }
    return out;
  },
  reaches: (target) => target.kind === 'branch',
};

export default job;
