// The downloadable files, produced straight from the store: one branch's Word summary and the
// committee's Excel workbook. Routes, 总结/导出 and the dashboard all call these. docx and exceljs
// are loaded on the first download, not at start-up: together they cost ~0.3 s and ~20 MB a process
// that never writes a file would pay for nothing.
import type { Knowledge } from '../knowledge/types.js';
import { sortBranches } from '../store/schema.js';
import type { Report, Store } from '../store/types.js';
import type { MeetingCadence } from './meetings.js';
import { branchSummary } from './summary.js';

export async function allReports(store: Store, branch: string): Promise<Report[]> {
  const out: Report[] = [];
  for await (const page of store.reportPages(branch, 500)) out.push(...page);
  return out;
}

/** The branch's paper summary (.docx) as of `today` (YYYY-MM-DD, Shanghai). */
export async function branchSummaryFile(store: Store, knowledge: Knowledge, branch: string, today: string): Promise<Buffer> {
  const { summaryDocx } = await import('./docx.js');
  return summaryDocx(branchSummary(knowledge, branch, await allReports(store, branch), today), knowledge);
}

/** The committee's workbook (.xlsx) over every branch. */
export async function committeeWorkbookFile(store: Store, knowledge: Knowledge, today: string, cadence: MeetingCadence): Promise<Buffer> {
  const { committeeWorkbook } = await import('./xlsx.js');
  const branches = sortBranches(await store.listBranches());
  const reports = new Map<string, Report[]>();
  for (const b of branches) reports.set(b, await allReports(store, b));
  return committeeWorkbook({ branches, reports, audit: await store.listAudit(), today, year: knowledge.calendar.year, cadence });
}
