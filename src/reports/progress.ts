// A branch's standing, computed from its reports: criteria covered, 走基层 this half-year, phase.
import { positionOn } from '../knowledge/calendar.js';
import type { CampaignCalendar, Knowledge } from '../knowledge/types.js';
import type { Report } from '../store/types.js';
import { daysBetween } from '../time.js';
import { halfYearOf, inRange, type HalfYear } from './halfyear.js';

export const GRASSROOTS_CRITERION = 7;

/** Reports per criterion number, oldest first. */
export function coverage(reports: readonly Report[]): Map<number, Report[]> {
  const byCriterion = new Map<number, Report[]>();
  for (const r of [...reports].sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1))) {
    for (const n of r.criteria) byCriterion.set(n, [...(byCriterion.get(n) ?? []), r]);
  }
  return byCriterion;
}

export interface GrassrootsStatus {
  halfYear: HalfYear;
  /** The 走基层 reports dated in the current half-year, oldest first. */
  done: Report[];
  daysLeft: number;
}

export function grassroots(reports: readonly Report[], today: string): GrassrootsStatus {
  const halfYear = halfYearOf(today);
  const done = (coverage(reports).get(GRASSROOTS_CRITERION) ?? []).filter((r) => inRange(r.date, halfYear));
  return { halfYear, done, daysLeft: daysBetween(today, halfYear.end) };
}

export function grassrootsLine(status: GrassrootsStatus): string {
  const first = status.done[0];
  if (first) {
    return `${status.halfYear.label}已开展 ${status.done.length} 次（${first.date}，#${first.id}${status.done.length > 1 ? ' 等' : ''}）✅`;
  }
  return `${status.halfYear.label}尚未开展 ⬜，距半年结束（${status.halfYear.end}）还有 ${status.daysLeft} 天`;
}

/** The campaign phase for today, or where today stands relative to the campaign. */
export function phaseLine(calendar: CampaignCalendar, today: string): string {
  const at = positionOn(calendar, today);
  switch (at.kind) {
    case 'in':
      return `${at.phase.name}（${at.phase.start} 至 ${at.phase.end}），截止 ${at.phase.end}，还剩 ${at.daysLeft} 天`;
    case 'before':
      return `尚未开始；${at.next.name}将于 ${at.next.start} 开始`;
    case 'after':
      return `${calendar.year}年度各阶段已结束（总结材料纸质版应于 ${calendar.submission.deadline} 前报${calendar.submission.place}）`;
  }
}

/** One line per standard: which of its criteria have records. */
export function standardLines(knowledge: Knowledge, covered: Map<number, Report[]>): string[] {
  return knowledge.standards.map((s) => {
    const done = s.criteria.filter((n) => covered.has(n));
    const missing = s.criteria.filter((n) => !covered.has(n));
    const doneText = done.length > 0 ? `✅ ${done.map((n) => `第${n}条（${covered.get(n)?.length ?? 0}次）`).join('、')}` : '';
    const missingText = missing.length > 0 ? `⬜ 第${missing.join('、')}条` : '';
    return `- **${s.name}**（${done.length}/${s.criteria.length}）：${[doneText, missingText].filter(Boolean).join('；')}`;
  });
}
