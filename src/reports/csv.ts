// The committee's export: every report as CSV, UTF-8 with BOM so that Excel opens it correctly.
// Times are Shanghai wall-clock time, as a person reads them.
import type { Report } from '../store/types.js';
import { shanghaiDateTime } from '../time.js';

const HEADER = ['支部', '编号', '活动日期', '人数', '对应标准', '活动内容', '上报人', '上报人ID', '平台', '群ID', '上报时间（北京时间）'];

export function reportsCsv(reports: readonly Report[]): string {
  return `${csvHead()}${csvRows(reports)}`;
}

/** The BOM and the header line. */
export function csvHead(): string {
  return `\uFEFF${HEADER.map(cell).join(',')}\r\n`;
}

/** Data lines, each ending in CRLF (so pages can be streamed one after another). */
export function csvRows(reports: readonly Report[]): string {
  const rows = reports.map((r) => [
    r.branch,
    String(r.id),
    r.date,
    r.participants !== undefined ? String(r.participants) : '',
    r.criteria.map((n) => `第${n}条`).join('、'),
    r.text,
    r.reporterName ?? '',
    r.reporterId,
    r.group.platform,
    r.group.conversationId,
    shanghaiDateTime(new Date(r.receivedAt)),
  ]);
  return rows.map((row) => `${row.map(cell).join(',')}\r\n`).join('');
}

function cell(value: string): string {
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}
