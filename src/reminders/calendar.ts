// The reminder calendar: every job's occurrences for a year, in time order. Dates and times are
// Asia/Shanghai wall-clock, turned into instants with src/time.ts, so the host's TZ never matters.
import { shanghaiYear } from '../time.js';
import type { Occurrence, PlanContext, ReminderJob } from './types.js';

export function yearOccurrences(year: number, jobs: readonly ReminderJob[], plan: PlanContext): Occurrence[] {
  const all = jobs.flatMap((job) => job.occurrences(year, plan));
  // The last phase ends on the paper deadline: on a day with a paper reminder, that one message
  // covers both, so the phase-ending reminder for the same phase is dropped.
  const paperDates = new Set(all.filter((o) => o.job === 'paper').map((o) => o.date));
  const deadline = plan.calendar.submission.deadline;
  const endsOnDeadline = new Set(plan.calendar.phases.filter((p) => p.end === deadline).map((p) => p.index));
  const kept = all.filter((o) => !(o.job === 'phase-ending' && paperDates.has(o.date) && o.phase !== undefined && endsOnDeadline.has(o.phase)));
  const order = new Map(jobs.map((j, i) => [j.name, i]));
  return kept.sort((a, b) => a.at.getTime() - b.at.getTime() || (order.get(a.job) ?? 0) - (order.get(b.job) ?? 0) || a.id.localeCompare(b.id));
}

/** Occurrences with `from < at <= to`. */
export function occurrencesBetween(from: Date, to: Date, jobs: readonly ReminderJob[], plan: PlanContext): Occurrence[] {
  const out: Occurrence[] = [];
  for (let year = shanghaiYear(from); year <= shanghaiYear(to); year += 1) {
    for (const o of yearOccurrences(year, jobs, plan)) if (o.at > from && o.at <= to) out.push(o);
  }
  return out;
}
