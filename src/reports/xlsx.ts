// The committee's workbook: 记录 (every field, times in Asia/Shanghai), 标准覆盖 (branches × 25
// criteria), 走基层 (each branch per half-year), 三会一课 (each branch, kind and period) and
// 修改记录 (the audit log). Formula-looking cells are written as text, never as formulas.
import ExcelJS from 'exceljs';
import { MEETING_KINDS } from '../knowledge/activity.js';
import type { AuditEntry, Report } from '../store/types.js';
import { halfYearOf } from './halfyear.js';
import { absenteesLabel, criteriaShort, UNCLASSIFIED } from './format.js';
import { meetingOf, periodOf, type MeetingCadence } from './meetings.js';
import { GRASSROOTS_CRITERION } from './progress.js';

export interface WorkbookInput {
  branches: readonly string[];
  /** Every report of each branch. */
  reports: ReadonlyMap<string, readonly Report[]>;
  audit: readonly AuditEntry[];
  /** Today in Shanghai, YYYY-MM-DD: the last period listed. */
  today: string;
  year: number;
  cadence: MeetingCadence;
  /** A signed link to one photo, when photos can be served. */
  photoLink?: (r: Report, index: number) => string;
}

const ACTIONS: Record<AuditEntry['action'], string> = { update: '修改', classify: '归类', delete: '撤销', photo: '附图' };

/** An ISO instant as Shanghai wall-clock time, YYYY-MM-DD HH:mm:ss. */
export function shanghaiTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A leading = + - @ would make Excel evaluate user text as a formula. */
function safe(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width: number }[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

export async function committeeWorkbook(input: WorkbookInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '党建助手';
  const all = input.branches.flatMap((b) => [...(input.reports.get(b) ?? [])].sort((x, y) => x.id - y.id));

  const records = sheet(wb, '记录', [
    { header: '支部', width: 18 }, { header: '编号', width: 6 }, { header: '活动日期', width: 12 }, { header: '人数', width: 8 },
    { header: '参加人员', width: 16 }, { header: '对应标准', width: 14 }, { header: '三会一课', width: 12 }, { header: '活动内容', width: 50 },
    { header: '地点', width: 16 }, { header: '主持人', width: 10 }, { header: '主讲人', width: 10 }, { header: '缺席', width: 18 },
    { header: '照片', width: 30 }, { header: '上报人', width: 10 }, { header: '上报人ID', width: 16 }, { header: '平台', width: 9 },
    { header: '群ID', width: 16 }, { header: '上报时间（北京时间）', width: 20 }, { header: '最后修改（北京时间）', width: 20 },
  ]);
  for (const r of all) {
    const photos = (r.photos ?? []).map((_, i) => input.photoLink?.(r, i) ?? `照片${i + 1}`).join('\n');
    records.addRow([
      safe(r.branch), r.id, r.date, r.participants ?? (r.allMembers ? '全体党员' : ''), safe((r.attendees ?? []).join('、')),
      criteriaShort(r.criteria), meetingOf(r) ?? '', safe(r.text), safe(r.place ?? ''), safe(r.host ?? ''), safe(r.speaker ?? ''),
      safe(r.absentees ? absenteesLabel(r.absentees) : ''), photos, safe(r.reporterName ?? ''), safe(r.reporterId), r.group.platform,
      safe(r.group.conversationId), shanghaiTime(r.receivedAt), r.updatedAt ? shanghaiTime(r.updatedAt) : '',
    ]);
  }

  const numbers = Array.from({ length: 25 }, (_, i) => i + 1);
  const cover = sheet(wb, '标准覆盖', [{ header: '支部', width: 18 }, ...numbers.map((n) => ({ header: `第${n}条`, width: 7 })), { header: UNCLASSIFIED, width: 8 }, { header: '已覆盖条数', width: 10 }]);
  for (const b of input.branches) {
    const reports = input.reports.get(b) ?? [];
    const counts = numbers.map((n) => reports.filter((r) => r.criteria.includes(n)).length);
    cover.addRow([safe(b), ...counts, reports.filter((r) => r.criteria.length === 0).length, counts.filter((c) => c > 0).length]);
  }

  const halves = [halfYearOf(`${input.year}-01-01`), halfYearOf(`${input.year}-07-01`)];
  const walks = sheet(wb, '走基层', [{ header: '支部', width: 18 }, ...halves.flatMap((h) => [{ header: `${h.label}次数`, width: 16 }, { header: `${h.label}日期`, width: 30 }])]);
  for (const b of input.branches) {
    const walked = (input.reports.get(b) ?? []).filter((r) => r.criteria.includes(GRASSROOTS_CRITERION));
    walks.addRow([
      safe(b),
      ...halves.flatMap((h) => {
        const inHalf = walked.filter((r) => r.date >= h.start && r.date <= h.end).sort((x, y) => (x.date < y.date ? -1 : 1));
        return [inHalf.length, inHalf.map((r) => `${r.date}（#${r.id}）`).join('、')];
      }),
    ]);
  }

  const meetings = sheet(wb, '三会一课', [
    { header: '支部', width: 18 }, { header: '会议', width: 14 }, { header: '周期', width: 8 }, { header: '期间', width: 18 },
    { header: '次数', width: 6 }, { header: '日期', width: 30 }, { header: '是否达标', width: 10 },
  ]);
  for (const b of input.branches) {
    const reports = input.reports.get(b) ?? [];
    for (const kind of MEETING_KINDS) {
      const c = input.cadence[kind];
      if (c === 'off') continue;
      for (let month = 1; month <= 12; month += c === 'monthly' ? 1 : 3) {
        const p = periodOf(`${input.year}-${String(month).padStart(2, '0')}-01`, c);
        if (p.start > input.today) break;
        const done = reports.filter((r) => r.date >= p.start && r.date <= p.end && meetingOf(r) === kind);
        const ongoing = p.end >= input.today;
        meetings.addRow([safe(b), kind, c === 'monthly' ? '每月' : '每季度', p.label, done.length, done.map((r) => `${r.date}（#${r.id}）`).join('、'), done.length > 0 ? '是' : ongoing ? '进行中' : '否']);
      }
    }
  }

  const log = sheet(wb, '修改记录', [
    { header: '时间（北京时间）', width: 20 }, { header: '支部', width: 18 }, { header: '记录编号', width: 8 }, { header: '操作', width: 8 },
    { header: '项目', width: 8 }, { header: '修改前', width: 40 }, { header: '修改后', width: 40 }, { header: '操作人', width: 10 }, { header: '操作人ID', width: 16 },
  ]);
  for (const a of input.audit) {
    log.addRow([shanghaiTime(a.at), safe(a.branch), a.reportId, ACTIONS[a.action], a.field ?? '', safe(a.before), safe(a.after), safe(a.byName ?? ''), safe(a.by)]);
  }

  for (const ws of [records, meetings, log]) ws.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
