// Each phase's first day: what the branch should do now.
import { daysBetween } from '../src/time.js';
import { at, branchBindings, METHOD_STEPS, reminderMessage } from './messages.js';
import { reportExample, whatToDo } from './phase-text.js';
import type { ReminderJob } from '../src/reminders/types.js';
import { monthDay } from '../src/text.js';
import { phaseSpan } from '../src/bot/notice-text.js';

const job: ReminderJob = {
  name: 'phase-start',
  occurrences(year, { calendar, settings, campaignYear }) {
    const s = settings['phase-start'];
    if (!s.enabled || year !== campaignYear) return [];
    return calendar.phases.map((p) => ({
      id: `${p.start}:phase-start:${p.index}`,
      job: 'phase-start',
      date: p.start,
      time: s.time,
      at: at(p.start, s.time),
      title: `${p.name}开始`,
      phase: p.index,
    }));
  },
  async deliveries(occurrence, ctx) {
    const phase = ctx.knowledge.calendar.phases.find((p) => p.index === occurrence.phase);
    if (!phase) return [];
    const left = daysBetween(ctx.today, phase.end);
    const reply = reminderMessage(
      `${phase.name}${monthDay(phase.start)}开始`,
      [`时间：${phaseSpan(phase)}${left >= 0 ? `（还剩 ${left} 天）` : ''}`, ...whatToDo(phase, ctx.knowledge.calendar)],
      METHOD_STEPS,
      reportExample(phase),
    );
    return branchBindings(ctx.bindings).map(({ binding, branch }) => ({ group: binding.group, label: branch, reply }));
  },
  reaches: (target) => target.kind === 'branch',
};

export default job;
