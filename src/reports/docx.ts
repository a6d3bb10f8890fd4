// The paper summary (纸质版) as a Word document, laid out for A4 printing: title with branch and
// year, the six standards with the branch's activities, the criteria with no record yet, and
// 问题不足 / 整改措施 with ruled room to write. Fonts: 宋体/黑体 (SimSun/SimHei) as Word on the
// committee's PCs has them, with Noto CJK as the east-Asian fallback LibreOffice finds on Linux.
import { AlignmentType, BorderStyle, Document, HeadingLevel, HeightRule, ImageRun, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Knowledge } from '../knowledge/types.js';
import type { Report } from '../store/types.js';
import { absenteesLabel, activityContent, criteriaShort, peopleLabel } from './format.js';
import type { BranchSummary } from './summary.js';
import { PHOTOS_PER_ACTIVITY } from './photos.js';

const BODY_FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
const HEAD_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };
/** Half-points: 三号 16pt title, 四号 14pt headings, 小四 12pt body. */
const SIZE = { title: 32, heading: 28, body: 24, small: 21 };
/** A4 in twips (1/1440 inch), 2.54 cm margins. */
const A4 = { width: 11906, height: 16838, margin: 1440 };

function text(value: string, options: { bold?: boolean; size?: number; head?: boolean } = {}): TextRun {
  return new TextRun({ text: value, font: options.head ? HEAD_FONT : BODY_FONT, size: options.size ?? SIZE.body, ...(options.bold ? { bold: true } : {}) });
}

function para(runs: TextRun[], options: { center?: boolean; indent?: boolean; before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    children: runs,
    ...(options.center ? { alignment: AlignmentType.CENTER } : {}),
    ...(options.indent ? { indent: { firstLine: 480 } } : {}),
    spacing: { before: options.before ?? 0, after: options.after ?? 120, line: 360 },
  });
}

function heading(value: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [text(value, { head: true, size: SIZE.heading, bold: true })], spacing: { before: 240, after: 120 } });
}

/** Ruled blank lines to write on by hand: a borderless table whose rows have a rule below. */
function ruled(lines: number): Table {
  const rule = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return new Table({
    width: { size: A4.width - 2 * A4.margin, type: WidthType.DXA },
    columnWidths: [A4.width - 2 * A4.margin],
    borders: { top: none, left: none, right: none, bottom: rule, insideHorizontal: rule, insideVertical: none },
    rows: Array.from({ length: lines }, () => new TableRow({ height: { value: 520, rule: HeightRule.ATLEAST }, children: [new TableCell({ children: [new Paragraph({ children: [text(' ')] })] })] })),
  });
}

const COLUMNS = [
  { title: '日期', width: 1500 },
  { title: '活动内容', width: 4100 },
  { title: '人数', width: 1100 },
  { title: '照片', width: 700 },
  { title: '对应条目', width: 1626 },
];

function cell(value: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    children: [new Paragraph({ children: [text(value, { size: SIZE.small, bold, head: bold })] })],
  });
}

/** What the table says an activity was: content plus the 纪实 fields when recorded. */
export function activityCellText(r: Report): string {
  const extra = [
    r.place ? `地点：${r.place}` : '',
    r.host ? `主持：${r.host}` : '',
    r.speaker ? `主讲：${r.speaker}` : '',
    r.absentees && r.absentees.length > 0 ? `缺席：${absenteesLabel(r.absentees)}` : '',
  ].filter(Boolean);
  return [activityContent(r), ...extra].join('；');
}

/** Photo bytes by file name (PhotoRef.file), as read from the photo directory. */
export type PhotoBytes = ReadonlyMap<string, Buffer>;

/** Pixel size from the file's header (PNG IHDR, JPEG SOFn); undefined when not found. */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] ?? 0;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    if (marker === 0xda || length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

/** Small on paper: at most 4 cm wide or 3 cm high (96 px to the inch). */
const THUMB = { width: 151, height: 113 };

function photoRun(bytes: Buffer, type: 'image/jpeg' | 'image/png'): ImageRun {
  const size = imageSize(bytes);
  const scale = size && size.width > 0 && size.height > 0 ? Math.min(THUMB.width / size.width, THUMB.height / size.height) : 1;
  const width = size && size.width > 0 ? Math.max(1, Math.round(size.width * scale)) : THUMB.width;
  const height = size && size.height > 0 ? Math.max(1, Math.round(size.height * scale)) : THUMB.height;
  return new ImageRun({ type: type === 'image/png' ? 'png' : 'jpg', data: bytes, transformation: { width, height } });
}

/** A row under the activity holding its photos, small, side by side. */
function photoRow(r: Report, photos: PhotoBytes): TableRow | undefined {
  const refs = (r.photos ?? []).filter((p) => photos.has(p.file)).slice(0, PHOTOS_PER_ACTIVITY);
  if (refs.length === 0) return undefined;
  const total = r.photos?.length ?? refs.length;
  const label = total > refs.length ? `活动照片（${total}张，此处印前${refs.length}张）：` : `活动照片（${total}张）：`;
  const runs: (TextRun | ImageRun)[] = [text(label, { size: SIZE.small })];
  for (const p of refs) {
    const bytes = photos.get(p.file);
    if (bytes) runs.push(photoRun(bytes, p.type), text(' ', { size: SIZE.small }));
  }
  return new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        columnSpan: COLUMNS.length,
        margins: { top: 60, bottom: 60, left: 80, right: 80 },
        children: [new Paragraph({ children: runs })],
      }),
    ],
  });
}

function activityTable(reports: readonly Report[], photos: PhotoBytes = new Map()): Table {
  const header = new TableRow({ tableHeader: true, children: COLUMNS.map((c) => cell(c.title, c.width, true)) });
  const rows = reports.flatMap((r) => {
    const under = photoRow(r, photos);
    return under ? [activityRow(r), under] : [activityRow(r)];
  });
  return new Table({ width: { size: A4.width - 2 * A4.margin, type: WidthType.DXA }, columnWidths: COLUMNS.map((c) => c.width), rows: [header, ...rows] });
}

function activityRow(r: Report): TableRow {
  return new TableRow({
        cantSplit: true,
        children: [
          cell(r.date, COLUMNS[0]?.width ?? 1300),
          cell(activityCellText(r), COLUMNS[1]?.width ?? 4300),
          cell(peopleLabel(r) === '未注明' ? '—' : peopleLabel(r), COLUMNS[2]?.width ?? 1100),
          cell(r.photos && r.photos.length > 0 ? `${r.photos.length}张` : '—', COLUMNS[3]?.width ?? 700),
          cell(criteriaShort(r.criteria), COLUMNS[4]?.width ?? 1626),
        ],
      });
}

export function summaryDocument(s: BranchSummary, knowledge: Knowledge, photos: PhotoBytes = new Map()): Document {
  const children: (Paragraph | Table)[] = [
    para([text(`${s.branch}`, { head: true, size: SIZE.title, bold: true })], { center: true, after: 60 }),
    para([text(`${s.year}年度“双强六好”党组织建设工作总结`, { head: true, size: SIZE.title, bold: true })], { center: true, after: 240 }),
    para([text(`统计截至 ${s.date}：共开展活动 ${s.total} 项，覆盖二级标准 ${s.coveredCount}/25 条。走基层：${s.grassroots.replace(/[✅⬜]/gu, '').trim()}。`)], { indent: true }),
  ];
  for (const sec of s.sections) {
    children.push(heading(`${sec.ordinal}、${sec.name}`));
    if (sec.activities.length > 0) children.push(activityTable(sec.activities, photos));
    else children.push(para([text('（本项暂无活动记录）')], { indent: true }));
    if (sec.missing.length > 0) {
      const names = sec.missing.map((n) => `第${n}条 ${shortCriterion(knowledge, n)}`).join('；');
      children.push(para([text('尚无记录的条目：', { bold: true, size: SIZE.small }), text(names, { size: SIZE.small })], { before: 120 }));
    }
  }
  if (s.unclassified.length > 0) {
    children.push(heading('附：未归类的活动'));
    children.push(activityTable(s.unclassified, photos));
  }
  children.push(heading(`${ORD_AFTER[0]}、问题不足`), ruled(8));
  children.push(heading(`${ORD_AFTER[1]}、整改措施`), ruled(8));
  children.push(
    para([text(`党支部（盖章）：`)], { before: 480 }),
    para([text(`填报人：                    联系电话：                    日期：      年   月   日`)]),
    para([text(`注：本总结（${s.submission.form}）于 ${s.submission.deadline} 前报${s.submission.place}。`, { size: SIZE.small })], { before: 240 }),
  );
  return new Document({
    creator: '党建助手',
    title: `${s.branch}${s.year}年度“双强六好”党组织建设工作总结`,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
            margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
          },
        },
        children,
      },
    ],
  });
}

const ORD_AFTER = ['七', '八'];

function shortCriterion(knowledge: Knowledge, n: number): string {
  const c = knowledge.criterion(n);
  if (!c) return '';
  const first = c.text.split(/[，；。,;]/u)[0] ?? c.text;
  return [...first].length > 30 ? `${[...first].slice(0, 30).join('')}…` : first;
}

export async function summaryDocx(s: BranchSummary, knowledge: Knowledge, photos?: PhotoBytes): Promise<Buffer> {
  return Packer.toBuffer(summaryDocument(s, knowledge, photos));
}
