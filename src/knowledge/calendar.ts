// The campaign calendar for a configured year: the notice's month/day ranges (written for 2019)
// moved to that year. Dates are Asia/Shanghai calendar dates (YYYY-MM-DD strings, see src/time.ts).
import { daysBetween, isoDate, isValidDate } from '../time.js';
import type { NoticeData } from './schema.js';
import type { CampaignCalendar, Phase } from './types.js';

export function buildCalendar(notice: NoticeData, year: number): CampaignCalendar {
  if (!Number.isInteger(year) || year < 2019 || year > 2100) {
    throw new Error(`活动年度必须是 2019 到 2100 之间的整数，收到 ${String(year)}`);
  }
  const phases: Phase[] = notice.phases.map((p) => ({
    index: p.index,
    name: p.name,
    start: isoDate(year, p.start.month, p.start.day),
    end: isoDate(year, p.end.month, p.end.day),
    tasks: p.tasks,
  }));
  for (const p of phases) {
    if (!isValidDate(p.start) || !isValidDate(p.end)) throw new Error(`${p.name}在 ${year} 年没有对应日期`);
  }
  const s = notice.submission;
  return {
    year,
    phases,
    phaseOn(date: string): Phase | null {
      // YYYY-MM-DD strings compare correctly as strings.
      return phases.find((p) => p.start <= date && date <= p.end) ?? null;
    },
    submission: {
      deadline: isoDate(year, s.deadline.month, s.deadline.day),
      form: s.form,
      place: s.place,
      text: s.text,
    },
  };
}

/** Where a date stands relative to the campaign: inside a phase, before it starts, or after it ends. */
export type CampaignPosition =
  | { kind: 'in'; phase: Phase; daysLeft: number; dayNumber: number }
  | { kind: 'before'; next: Phase; daysUntil: number }
  | { kind: 'after'; last: Phase; daysSince: number };

export function positionOn(calendar: CampaignCalendar, date: string): CampaignPosition {
  const phase = calendar.phaseOn(date);
  if (phase) {
    return { kind: 'in', phase, daysLeft: daysBetween(date, phase.end), dayNumber: daysBetween(phase.start, date) + 1 };
  }
  const next = calendar.phases.find((p) => p.start > date);
  if (next) return { kind: 'before', next, daysUntil: daysBetween(date, next.start) };
  const last = calendar.phases[calendar.phases.length - 1];
  if (!last) throw new Error('活动日历没有阶段');
  return { kind: 'after', last, daysSince: daysBetween(last.end, date) };
}
