// The downloadable files, produced straight from the store: one branch's Word summary and the
// committee's Excel workbook. Routes, 总结/导出 and the dashboard all call these. docx and exceljs
// are loaded on the first download, not at start-up: together they cost ~0.3 s and ~20 MB a process
// that never writes a file would pay for nothing.
import type { Knowledge } from '../knowledge/types.js';
import { sortBranches } from '../store/schema.js';
import type { Report, Store } from '../store/types.js';
import { PHOTOS_PER_ACTIVITY } from './photos.js';
import type { PhotoLinks } from './photo-links.js';
import type { MeetingCadence } from './meetings.js';
import { branchSummary } from './summary.js';
import type { PhotoFiles } from '../core.js';

export async function allReports(store: Store, branch: string): Promise<Report[]> {
  const out: Report[] = [];
  for await (const page of store.reportPages(branch, 500)) out.push(...page);
  return out;
}

/** The branch's paper summary (.docx) as of `today` (YYYY-MM-DD, Shanghai). */
export async function branchSummaryFile(store: Store, knowledge: Knowledge, branch: string, today: string, photos?: Pick<PhotoFiles, 'read'>): Promise<Buffer> {
  const { summaryDocx } = await import('./docx.js');
  const reports = await allReports(store, branch);
  const bytes = new Map<string, Buffer>();
  if (photos) {
    for (const r of reports) {
      for (const p of (r.photos ?? []).slice(0, PHOTOS_PER_ACTIVITY)) {
        if (bytes.has(p.file)) continue;
        const b = await photos.read(p.file);
        if (b) bytes.set(p.file, b);
      }
    }
  }
  return summaryDocx(branchSummary(knowledge, branch, reports, today), knowledge, bytes);
}

/** The committee's workbook (.xlsx) over every branch. */
export async function committeeWorkbookFile(
  store: Store,
  knowledge: Knowledge,
  today: string,
  cadence: MeetingCadence,
  photoLink?: (r: Report, index: number) => string,
): Promise<Buffer> {
  const { committeeWorkbook } = await import('./xlsx.js');
  const branches = sortBranches(await store.listBranches());
  const reports = new Map<string, Report[]>();
  for (const b of branches) reports.set(b, await allReports(store, b));
  return committeeWorkbook({ branches, reports, audit: await store.listAudit(), today, year: knowledge.calendar.year, cadence, ...(photoLink ? { photoLink } : {}) });
}

/** Committee-scoped links to a report's photos, for the workbook (valid as long as `ttlMs`). */
export function workbookPhotoLinks(links: PhotoLinks, now: Date): (r: Report, index: number) => string {
  return (r, i) => {
    const p = r.photos?.[i];
    return p ? links.url({ kind: 'committee' }, { branch: r.branch, reportId: r.id, file: p.file }, now) : '';
  };
}
