// Everything the dashboard reads from the store goes through this file, so that the page reads
// per-branch aggregates (O(branches)) and only a handful of records: the recent activity and one
// branch's activity list.
import { pushHealth, type PushHealth } from '../push/health.js';
import { csvHead, csvRows } from '../reports/csv.js';
import { branchStandings } from '../reports/progress.js';
import { sortBranches } from '../store/schema.js';
import { DEFAULT_CADENCE, meetingTallies, type MeetingCadence } from '../reports/meetings.js';
import { MEETING_KINDS } from '../knowledge/activity.js';
import type { Report, Store } from '../store/types.js';
import type { DashboardScope } from './links.js';

/** One branch's standing, as the page needs it. */
/** One 三会一课 (or other cadence) item for one branch, as the records module reports it. */
export interface CadencePeriod {
  /** Stable key, e.g. 'committee-meeting'. */
  key: string;
  /** Column heading, e.g. 支委会. */
  name: string;
  /** Records in the current period. */
  count: number;
  /** Last day of the current period, YYYY-MM-DD. */
  periodEnd: string;
}

export interface Standing {
  branch: string;
  /** Live records. */
  total: number;
  /** Records per criterion number (absent when none). */
  criteria: Map<number, number>;
  /** Latest activity date. */
  lastDate?: string;
  /** 走基层 records dated in the current half-year. */
  grassroots: number;
  /** 三会一课 of the current periods, one per tracked kind, from the aggregates. */
  cadence?: readonly CadencePeriod[];
}

export interface DashboardData {
  standings: Standing[];
  /** Newest activities first. */
  recent: Report[];
  /** Committee pages only. */
  push?: PushHealth;
}

export const RECENT_LIMIT = 12;

export async function readDashboard(store: Store, scope: DashboardScope, today: string, cadence: MeetingCadence = DEFAULT_CADENCE): Promise<DashboardData> {
  const activity = async (): Promise<Omit<DashboardData, 'push'>> => {
    const branches = scope.kind === 'committee' ? await store.listBranches() : [scope.branch];
    const standings = await readStandings(store, branches, today, cadence);
    return { standings, recent: await readRecent(store, standings) };
  };
  if (scope.kind !== 'committee') return activity();
  // Push health does not depend on the standings: both are read at once (on Redis, their round
  // trips overlap instead of following each other).
  const [data, push] = await Promise.all([activity(), pushHealth(store)]);
  return { ...data, push };
}

/**
 * A branch's activities, newest first, at most `limit`: the latest records, or those of one
 * criterion (read a page at a time). `total` comes from the aggregates, not from counting.
 */
export async function readActivities(store: Store, standing: Standing, criterion?: number, limit = 200): Promise<{ shown: Report[]; total: number }> {
  if (criterion === undefined) return { shown: await store.listReports(standing.branch, limit), total: standing.total };
  const total = standing.criteria.get(criterion) ?? 0;
  if (total === 0) return { shown: [], total };
  let kept: Report[] = [];
  for await (const page of store.reportPages(standing.branch, 500)) {
    for (const r of page) if (r.criteria.includes(criterion)) kept.push(r);
    if (kept.length > limit * 2) kept = kept.slice(-limit);
  }
  return { shown: kept.slice(-limit).reverse(), total };
}

/** Every record of the branches as CSV text, a page at a time (never all records in memory). */
export async function* reportsCsvLines(store: Store, branches: readonly string[]): AsyncGenerator<string> {
  yield csvHead();
  for (const branch of sortBranches([...branches])) {
    for await (const page of store.reportPages(branch, 500)) yield csvRows(page);
  }
}

async function readStandings(store: Store, branches: readonly string[], today: string, cadence: MeetingCadence): Promise<Standing[]> {
  const standings = await branchStandings(store, branches, today);
  return standings.map((s) => ({
    branch: s.branch,
    total: s.total,
    criteria: s.covered,
    grassroots: s.grassroots.count,
    cadence: meetingTallies(s.meetings, today, cadence).map((m) => ({ key: m.kind, name: MEETING_COLUMN[m.kind], count: m.count, periodEnd: m.period.end })),
    ...(s.lastDate !== undefined ? { lastDate: s.lastDate } : {}),
  }));
}

/** The latest few records of the branches active most recently: a few reads, not all records. */
async function readRecent(store: Store, standings: readonly Standing[]): Promise<Report[]> {
  const latest = standings
    .filter((s) => s.lastDate !== undefined)
    .sort((a, b) => ((b.lastDate ?? '') < (a.lastDate ?? '') ? -1 : (b.lastDate ?? '') > (a.lastDate ?? '') ? 1 : 0))
    .slice(0, RECENT_LIMIT);
  const reports = (await Promise.all(latest.map((s) => store.listReports(s.branch, 4)))).flat();
  return reports
    .sort((a, b) => (a.date === b.date ? (a.receivedAt < b.receivedAt ? 1 : -1) : a.date < b.date ? 1 : -1))
    .slice(0, RECENT_LIMIT);
}

/** Column headings of the 三会一课 kinds (short enough for a table header). */
const MEETING_COLUMN: Record<(typeof MEETING_KINDS)[number], string> = { 支部委员会: '支委会', 支部党员大会: '党员大会', 党小组会: '党小组会', 党课: '党课' };

/** The 三会一课 kinds tracked under this cadence, as dashboard columns. */
export function meetingColumns(cadence: MeetingCadence): Array<{ key: string; name: string }> {
  return MEETING_KINDS.filter((k) => cadence[k] !== 'off').map((k) => ({ key: k, name: MEETING_COLUMN[k] }));
}
