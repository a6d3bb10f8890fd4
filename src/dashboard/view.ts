// From what the store holds to what the page shows: traffic lights, filters, sorting and paging.
// Pure functions of (data, knowledge, today, query), so rendering needs no store.
import type { Knowledge } from '../knowledge/types.js';
import { halfYearOf, type HalfYear } from '../reports/halfyear.js';
import { compareChinese } from '../store/schema.js';
import { daysBetween } from '../time.js';
import type { CadencePeriod, Standing } from './data.js';

export type Level = 'green' | 'amber' | 'red';
export type Status = Level | 'silent';

export interface Light {
  level: Level;
  /** Short text inside the cell, e.g. 已开展2次 / 剩45天. */
  text: string;
  /** The period's end, for the tooltip. */
  until: string;
}

// Declared beside Standing (data.ts), which carries it; re-exported for the view's callers.
export type { CadencePeriod } from './data.js';

export interface Row {
  branch: string;
  total: number;
  /** counts[i] is the record count of criterion i + 1. */
  counts: number[];
  covered: number;
  lastDate?: string;
  grassroots: Light;
  /** By CadencePeriod key. */
  cadence: Map<string, Light>;
  status: Status;
}

export const SORTS = { status: '需关注优先', name: '支部名称', coverage: '覆盖条数', reports: '记录条数', last: '最近活动' } as const;
export type Sort = keyof typeof SORTS;
export const STATUSES: Record<Status, string> = { red: '红灯（紧迫）', amber: '黄灯（未完成）', green: '绿灯（已完成）', silent: '从未上报' };

export interface Query {
  standard?: number;
  status?: Status;
  sort: Sort;
  q?: string;
  page: number;
}

export const PAGE_SIZE = 100;
/** 走基层 turns red when this many days or fewer are left in the half-year without one. */
export const GRASSROOTS_RED_DAYS = 30;
/** A cadence item turns red this many days before its period ends without a record. */
export const CADENCE_RED_DAYS = 7;

export function parseQuery(params: URLSearchParams, knowledge: Knowledge): Query {
  const standard = Number(params.get('standard'));
  const status = params.get('status');
  const sort = params.get('sort');
  const q = (params.get('q') ?? '').trim().slice(0, 50);
  const page = Number(params.get('page'));
  return {
    ...(knowledge.standards.some((s) => s.index === standard) ? { standard } : {}),
    ...(status !== null && Object.hasOwn(STATUSES, status) ? { status: status as Status } : {}),
    sort: sort !== null && Object.hasOwn(SORTS, sort) ? (sort as Sort) : 'status',
    ...(q !== '' ? { q } : {}),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function grassrootsLight(done: number, today: string, halfYear: HalfYear = halfYearOf(today)): Light {
  const left = Math.max(0, daysBetween(today, halfYear.end));
  if (done > 0) return { level: 'green', text: `已开展${done}次`, until: halfYear.end };
  return { level: left <= GRASSROOTS_RED_DAYS ? 'red' : 'amber', text: `剩${left}天`, until: halfYear.end };
}

export function cadenceLight(period: CadencePeriod, today: string): Light {
  const left = Math.max(0, daysBetween(today, period.periodEnd));
  if (period.count > 0) return { level: 'green', text: `已开${period.count}次`, until: period.periodEnd };
  return { level: left <= CADENCE_RED_DAYS ? 'red' : 'amber', text: `剩${left}天`, until: period.periodEnd };
}

const RANK: Record<Status, number> = { silent: 0, red: 1, amber: 2, green: 3 };

export function toRow(s: Standing, today: string): Row {
  const counts = Array.from({ length: 25 }, (_, i) => s.criteria.get(i + 1) ?? 0);
  const grassroots = grassrootsLight(s.grassroots, today);
  const cadence = new Map((s.cadence ?? []).map((p) => [p.key, cadenceLight(p, today)] as const));
  // The status (filter, sort, tiles) is the worst light of the branch: 走基层 and each 三会一课 kind,
  // all from the aggregates, so every branch is judged on the same items.
  const lights = [grassroots, ...cadence.values()];
  const status: Status = s.total === 0 ? 'silent' : lights.reduce<Status>((worst, l) => (RANK[l.level] < RANK[worst] ? l.level : worst), 'green');
  return {
    branch: s.branch,
    total: s.total,
    counts,
    covered: counts.filter((n) => n > 0).length,
    ...(s.lastDate !== undefined ? { lastDate: s.lastDate } : {}),
    grassroots,
    cadence,
    status,
  };
}

/** The cadence columns present in the data, in first-seen order. */
export function cadenceColumns(standings: ReadonlyArray<{ cadence?: readonly CadencePeriod[] }>): Array<{ key: string; name: string }> {
  const seen = new Map<string, string>();
  for (const s of standings) for (const p of s.cadence ?? []) if (!seen.has(p.key)) seen.set(p.key, p.name);
  return [...seen].map(([key, name]) => ({ key, name }));
}

function compare(sort: Sort): (a: Row, b: Row) => number {
  const byName = (a: Row, b: Row): number => compareChinese(a.branch, b.branch);
  switch (sort) {
    case 'name':
      return byName;
    case 'coverage':
      return (a, b) => b.covered - a.covered || b.total - a.total || byName(a, b);
    case 'reports':
      return (a, b) => b.total - a.total || byName(a, b);
    case 'last':
      return (a, b) => (b.lastDate ?? '').localeCompare(a.lastDate ?? '') || byName(a, b);
    case 'status':
      return (a, b) => RANK[a.status] - RANK[b.status] || a.covered - b.covered || byName(a, b);
  }
}

export interface Selection {
  rows: Row[];
  /** Rows matching the filters, before paging. */
  matching: number;
  pages: number;
  page: number;
  counts: Record<Status, number>;
}

export function select(all: readonly Row[], query: Query): Selection {
  const counts: Record<Status, number> = { red: 0, amber: 0, green: 0, silent: 0 };
  for (const r of all) counts[r.status] += 1;
  const q = query.q?.toLowerCase();
  const filtered = all.filter((r) => (query.status === undefined || r.status === query.status) && (q === undefined || r.branch.toLowerCase().includes(q)));
  filtered.sort(compare(query.sort));
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { rows: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), matching: filtered.length, pages, page, counts };
}
