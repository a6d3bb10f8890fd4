// The branch summary as data: the six standards with their activities, the criteria with no
// record yet and the 未归类 reports. The chat reply (总结) and the Word document both render it.
import type { Knowledge } from '../knowledge/types.js';
import type { Report } from '../store/types.js';
import { byDateThenId } from '../store/schema.js';
import { halfYearOf, inRange } from './halfyear.js';
import { GRASSROOTS_CRITERION, grassrootsLine } from './progress.js';
import { daysBetween } from '../time.js';

export const ORDINALS = ['一', '二', '三', '四', '五', '六'];

export interface SummarySection {
  ordinal: string;
  name: string;
  /** Each report once, oldest first. */
  activities: Report[];
  missing: number[];
}

export interface BranchSummary {
  branch: string;
  year: number;
  /** Statistics as of this Shanghai date. */
  date: string;
  total: number;
  coveredCount: number;
  sections: SummarySection[];
  unclassified: Report[];
  grassroots: string;
  submission: { form: string; deadline: string; place: string };
}

export function branchSummary(knowledge: Knowledge, branch: string, reports: readonly Report[], date: string): BranchSummary {
  const covered = coverage(reports);
  const sections = knowledge.standards.map((s, i): SummarySection => ({
    ordinal: ORDINALS[i] ?? String(i + 1),
    name: s.name,
    activities: byDate(uniqueById(s.criteria.flatMap((n) => covered.get(n) ?? []))),
    missing: s.criteria.filter((n) => !covered.has(n)),
  }));
  const { submission, year } = knowledge.calendar;
  return {
    branch,
    year,
    date,
    total: reports.length,
    coveredCount: covered.size,
    sections,
    unclassified: byDate(reports.filter((r) => r.criteria.length === 0)),
    grassroots: grassrootsLine(grassrootsOf(reports, date)),
    submission: { form: submission.form, deadline: submission.deadline, place: submission.place },
  };
}

/** Reports per criterion number (the document lists every record, so it reads them all). */
export function coverage(reports: readonly Report[]): Map<number, Report[]> {
  const byCriterion = new Map<number, Report[]>();
  for (const r of byDate(reports)) for (const n of r.criteria) byCriterion.set(n, [...(byCriterion.get(n) ?? []), r]);
  return byCriterion;
}

function grassrootsOf(reports: readonly Report[], date: string): Parameters<typeof grassrootsLine>[0] {
  const halfYear = halfYearOf(date);
  const done = (coverage(reports).get(GRASSROOTS_CRITERION) ?? []).filter((r) => inRange(r.date, halfYear));
  const first = done[0];
  return { halfYear, count: done.length, ...(first ? { first: { id: first.id, date: first.date } } : {}), daysLeft: daysBetween(date, halfYear.end) };
}

function uniqueById(reports: Report[]): Report[] {
  const seen = new Map<number, Report>();
  for (const r of reports) seen.set(r.id, r);
  return [...seen.values()];
}

export function byDate(reports: readonly Report[]): Report[] {
  return [...reports].sort(byDateThenId);
}
