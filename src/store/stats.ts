// Per-branch aggregates, kept up to date on every report write so standings read O(branches),
// never O(records). Both stores answer the same BranchStats; the embedded store keeps them in
// memory with the helpers below, Redis in a hash and two sorted sets per branch.
import type { BranchStats, Report, StatsQuery } from './types.js';

/** 走基层 is criterion 7 (附件第7条): the one criterion whose reports are tracked by date. */
export const GRASSROOTS_CRITERION = 7;

// The shapes live in types.ts (the contract); re-exported here for the stores.
export type { BranchStats, DateRange, StatsQuery } from './types.js';

/** What the embedded store keeps per branch (derived from the records, never written). */
export class BranchAggregate {
  total = 0;
  readonly criteria = new Map<number, number>();
  /** Records per activity date. */
  readonly dates = new Map<string, number>();
  /** 三会一课 records per kind, then per month. */
  readonly meetings = new Map<string, Map<string, number>>();
  /** 走基层 records as `date#id` (id zero-padded), kept sorted. */
  private readonly walks: string[] = [];
  private last: string | undefined;

  add(r: Report): void {
    this.total += 1;
    for (const n of r.criteria) this.criteria.set(n, (this.criteria.get(n) ?? 0) + 1);
    this.dates.set(r.date, (this.dates.get(r.date) ?? 0) + 1);
    if (r.meeting !== undefined) {
      const months = this.meetings.get(r.meeting) ?? new Map<string, number>();
      months.set(monthOf(r.date), (months.get(monthOf(r.date)) ?? 0) + 1);
      this.meetings.set(r.meeting, months);
    }
    if (this.last === undefined || r.date > this.last) this.last = r.date;
    if (r.criteria.includes(GRASSROOTS_CRITERION)) {
      const key = walkKey(r);
      this.walks.splice(lowerBound(this.walks, key), 0, key);
    }
  }

  remove(r: Report): void {
    this.total -= 1;
    for (const n of r.criteria) decrement(this.criteria, n);
    decrement(this.dates, r.date);
    const months = r.meeting === undefined ? undefined : this.meetings.get(r.meeting);
    if (r.meeting !== undefined && months !== undefined) {
      decrement(months, monthOf(r.date));
      if (months.size === 0) this.meetings.delete(r.meeting);
    }
    if (r.date === this.last && !this.dates.has(r.date)) {
      this.last = undefined;
      for (const d of this.dates.keys()) if (this.last === undefined || d > this.last) this.last = d;
    }
    if (r.criteria.includes(GRASSROOTS_CRITERION)) {
      const key = walkKey(r);
      const at = lowerBound(this.walks, key);
      if (this.walks[at] === key) this.walks.splice(at, 1);
    }
  }

  stats(branch: string, query: StatsQuery): BranchStats {
    const meetings = new Map([...this.meetings].map(([kind, months]) => [kind, new Map(months)] as const));
    const out: BranchStats = { branch, total: this.total, criteria: new Map(this.criteria), meetings };
    if (this.last !== undefined) out.lastDate = this.last;
    if (query.grassroots) {
      const from = lowerBound(this.walks, `${query.grassroots.start}#`);
      const to = lowerBound(this.walks, `${query.grassroots.end}#~`);
      const first = this.walks[from];
      out.grassroots = { count: Math.max(0, to - from), ...(from < to && first ? { first: parseWalkKey(first) } : {}) };
    }
    if (query.dated) {
      let n = 0;
      for (const [d, c] of this.dates) if (d >= query.dated.start && d <= query.dated.end) n += c;
      out.dated = n;
    }
    return out;
  }
}

export function emptyStats(branch: string, query: StatsQuery): BranchStats {
  return new BranchAggregate().stats(branch, query);
}

/** YYYY-MM of a YYYY-MM-DD date: the unit 三会一课 is counted in (periods are whole months). */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `2026-07-03#0000000012`: sorts by date, then by id. */
export function walkKey(r: Pick<Report, 'date' | 'id'>): string {
  return `${r.date}#${String(r.id).padStart(10, '0')}`;
}

export function parseWalkKey(key: string): { id: number; date: string } {
  const [date = '', id = '0'] = key.split('#');
  return { date, id: Number(id) };
}

function decrement<K>(map: Map<K, number>, key: K): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
