// A branch's standing from the store's aggregates: criteria covered, 走基层 this half-year, phase.
import { positionOn } from '../knowledge/calendar.js';
import type { CampaignCalendar, Knowledge } from '../knowledge/types.js';
import { GRASSROOTS_CRITERION } from '../store/stats.js';
import type { Store } from '../store/types.js';
import { daysBetween } from '../time.js';
import { halfYearOf, type HalfYear } from './halfyear.js';

export { GRASSROOTS_CRITERION };

/** 走基层 in the half-year of a given date. */
export interface GrassrootsStatus {
  halfYear: HalfYear;
  /** 走基层 records dated in that half-year. */
  count: number;
  /** The earliest of them. */
  first?: { id: number; date: string };
  daysLeft: number;
}

/** Where one branch stands: the one read behind 进度, 总结, 汇总, reminders and the dashboard. */
export interface BranchStanding {
  branch: string;
  /** The day the standing is for (YYYY-MM-DD, Asia/Shanghai). */
  date: string;
  /** Live records. */
  total: number;
  /** Records per second-level criterion (1–25); criteria without records are absent. */
  covered: Map<number, number>;
  /** Latest activity date, if any record. */
  lastDate?: string;
  grassroots: GrassrootsStatus;
  /** 三会一课 records per kind and month (YYYY-MM): see meetingTallies. */
  meetings: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/**
 * The standing of each branch, in the order given, from the store's per-branch aggregates:
 * O(branches), whatever the number of records.
 */
export async function branchStandings(store: Store, branches: readonly string[], today: string): Promise<BranchStanding[]> {
  const halfYear = halfYearOf(today);
  const stats = await store.branchStats(branches, { grassroots: halfYear });
  const daysLeft = daysBetween(today, halfYear.end);
  return stats.map((s) => ({
    branch: s.branch,
    date: today,
    total: s.total,
    covered: s.criteria,
    meetings: s.meetings,
    ...(s.lastDate !== undefined ? { lastDate: s.lastDate } : {}),
    grassroots: {
      halfYear,
      count: s.grassroots?.count ?? 0,
      ...(s.grassroots?.first ? { first: s.grassroots.first } : {}),
      daysLeft,
    },
  }));
}

export async function branchStanding(store: Store, branch: string, today: string): Promise<BranchStanding> {
  const [standing] = await branchStandings(store, [branch], today);
  if (!standing) throw new Error('branchStats returned nothing');
  return standing;
}

export function grassrootsLine(status: GrassrootsStatus): string {
  const first = status.first;
  if (first && status.count > 0) {
    return `${status.halfYear.label}已开展 ${status.count} 次（${first.date}，#${first.id}${status.count > 1 ? ' 等' : ''}）✅`;
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
export function standardLines(knowledge: Knowledge, covered: ReadonlyMap<number, number>): string[] {
  return knowledge.standards.map((s) => {
    const done = s.criteria.filter((n) => covered.has(n));
    const missing = s.criteria.filter((n) => !covered.has(n));
    const doneText = done.length > 0 ? `✅ ${done.map((n) => `第${n}条（${covered.get(n) ?? 0}次）`).join('、')}` : '';
    const missingText = missing.length > 0 ? `⬜ 第${missing.join('、')}条` : '';
    return `- **${s.name}**（${done.length}/${s.criteria.length}）：${[doneText, missingText].filter(Boolean).join('；')}`;
  });
}
