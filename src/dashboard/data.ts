// Everything the dashboard reads from the store goes through this file, so that the page reads
// per-branch aggregates (O(branches)) and only a handful of records: the recent activity and one
// branch's activity list.
import { pushHealth, type PushHealth } from '../push/health.js';
import { GRASSROOTS_CRITERION } from '../reports/progress.js';
import type { HalfYear } from '../reports/halfyear.js';
import type { Report, Store } from '../store/types.js';
import type { DashboardScope } from './links.js';
import type { CadencePeriod } from './view.js';

/** One branch's standing, as the page needs it. */
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
  /** 三会一课 and other cadence items of the current periods, when the records module provides them. */
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

export async function readDashboard(store: Store, scope: DashboardScope, halfYear: HalfYear): Promise<DashboardData> {
  const branches = scope.kind === 'committee' ? await store.listBranches() : [scope.branch];
  const standings = await readStandings(store, branches, halfYear);
  const recent = await readRecent(store, standings);
  if (scope.kind !== 'committee') return { standings, recent };
  return { standings, recent, push: await pushHealth(store) };
}

/** A branch's activities, newest first, optionally only those of one criterion. */
export async function readActivities(store: Store, branch: string, criterion?: number, limit = 200): Promise<{ shown: Report[]; total: number }> {
  const all = await store.listReports(branch);
  const matching = criterion === undefined ? all : all.filter((r) => r.criteria.includes(criterion));
  return { shown: matching.slice(0, limit), total: matching.length };
}

/** Every record of the scope, for the CSV download. */
export async function readAllReports(store: Store, branches: readonly string[]): Promise<Report[]> {
  const reports = (await Promise.all(branches.map((b) => store.listReports(b)))).flat();
  return reports.sort((a, b) => a.branch.localeCompare(b.branch, 'zh') || a.id - b.id);
}

async function readStandings(store: Store, branches: readonly string[], halfYear: HalfYear): Promise<Standing[]> {
  // TODO(store aggregates): one call to the store's per-branch aggregate once it exists on main.
  return Promise.all(
    branches.map(async (branch) => {
      const reports = await store.listReports(branch);
      const criteria = new Map<number, number>();
      let lastDate: string | undefined;
      let grassroots = 0;
      for (const r of reports) {
        for (const n of r.criteria) criteria.set(n, (criteria.get(n) ?? 0) + 1);
        if (lastDate === undefined || r.date > lastDate) lastDate = r.date;
        if (r.criteria.includes(GRASSROOTS_CRITERION) && r.date >= halfYear.start && r.date <= halfYear.end) grassroots += 1;
      }
      return { branch, total: reports.length, criteria, grassroots, ...(lastDate !== undefined ? { lastDate } : {}) };
    }),
  );
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
