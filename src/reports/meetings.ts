// 三会一课 on schedule (criteria 3 and 22): each meeting kind has a cadence (monthly or quarterly
// by default), and a branch is on track when it has a record of that kind in the current period.
import { MEETING_KINDS, meetingKindOf, type MeetingKind } from '../knowledge/activity.js';
import type { Report } from '../store/types.js';
import { byDateThenId } from '../store/schema.js';
import { daysBetween } from '../time.js';

export type Cadence = 'monthly' | 'quarterly' | 'off';
export type MeetingCadence = Record<MeetingKind, Cadence>;

/** 支部委员会 and 党小组会 monthly, 支部党员大会 and 党课 quarterly (三会一课 as usually kept). */
export const DEFAULT_CADENCE: MeetingCadence = { 支部委员会: 'monthly', 支部党员大会: 'quarterly', 党小组会: 'monthly', 党课: 'quarterly' };

export interface Period {
  start: string;
  end: string;
  /** 11月, 第四季度 */
  label: string;
  /** 本月, 本季度 */
  relative: string;
}

export function periodOf(date: string, cadence: Exclude<Cadence, 'off'>): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = cadence === 'monthly' ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const last = cadence === 'monthly' ? month : first + 2;
  const end = new Date(Date.UTC(year, last, 0)).toISOString().slice(0, 10);
  const start = `${year}-${String(first).padStart(2, '0')}-01`;
  return cadence === 'monthly'
    ? { start, end, label: `${year}年${month}月`, relative: '本月' }
    : { start, end, label: `${year}年第${['一', '二', '三', '四'][(first - 1) / 3]}季度`, relative: '本季度' };
}

/** The meeting kind of a report: stored since 上报 read it, else read from the text. */
export function meetingOf(r: Pick<Report, 'meeting' | 'text'>): MeetingKind | undefined {
  const stored = MEETING_KINDS.find((k) => k === r.meeting);
  return stored ?? meetingKindOf(r.text);
}

export interface MeetingStatus extends TrackedPeriod {
  /** Records of this kind dated in the period, oldest first. */
  done: Report[];
}

/** Each tracked kind with its current period on `date` (kinds set to 'off' left out). */
interface TrackedPeriod {
  kind: MeetingKind;
  cadence: Exclude<Cadence, 'off'>;
  period: Period;
  daysLeft: number;
}

function trackedPeriods(date: string, cadence: MeetingCadence): TrackedPeriod[] {
  return MEETING_KINDS.flatMap((kind): TrackedPeriod[] => {
    const c = cadence[kind];
    if (c === 'off') return [];
    const period = periodOf(date, c);
    return [{ kind, cadence: c, period, daysLeft: daysBetween(date, period.end) }];
  });
}

/** Status of every tracked kind on `date`, from the reports given (a recent page is enough). */
export function meetingStatus(reports: readonly Report[], date: string, cadence: MeetingCadence): MeetingStatus[] {
  return trackedPeriods(date, cadence).map((t) => ({
    ...t,
    done: reports.filter((r) => r.date >= t.period.start && r.date <= t.period.end && meetingOf(r) === t.kind).sort(byDateThenId),
  }));
}

/** One tracked kind's count in its current period, from the store's aggregates (no record reads). */
export interface MeetingTally extends TrackedPeriod {
  count: number;
}

/**
 * Every tracked kind on `date` from BranchStats.meetings (per kind, per YYYY-MM): the periods are
 * whole months, so a period's count is the sum of its months. Counts the kind 上报 recorded.
 */
export function meetingTallies(meetings: ReadonlyMap<string, ReadonlyMap<string, number>>, date: string, cadence: MeetingCadence): MeetingTally[] {
  return trackedPeriods(date, cadence).map((t) => {
    let count = 0;
    for (const [month, n] of meetings.get(t.kind) ?? []) if (month >= t.period.start.slice(0, 7) && month <= t.period.end.slice(0, 7)) count += n;
    return { ...t, count };
  });
}

export function meetingLine(s: MeetingStatus): string {
  const every = s.cadence === 'monthly' ? '每月' : '每季度';
  const first = s.done[0];
  return first
    ? `${s.kind}（${every}）：${s.period.relative}已开 ${s.done.length} 次（${first.date}，#${first.id}）✅`
    : `${s.kind}（${every}）：${s.period.relative}尚无记录 ⬜，${s.period.end} 前召开（还有 ${s.daysLeft} 天）`;
}

/** Records read for the 三会一课 status: a quarter of any branch's reports fits in it. */
export const MEETING_WINDOW = 300;
