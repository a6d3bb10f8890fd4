// Reads an activity report: its date, participants, criteria and the optional 纪实 fields
// (地点, 主持人, 主讲人, 缺席). Criteria may come back empty: the report is then kept as 未归类.
import * as zhHans from 'chrono-node/zh/hans';
import type { Knowledge } from '../knowledge/types.js';
import { meetingKindOf } from '../knowledge/activity.js';
import { NUMERAL_CHARS, parseNumeral } from '../knowledge/numerals.js';
import type { Absentee } from '../store/types.js';
import { daysBetween, isoDate, isValidDate } from '../time.js';
import { UsageError } from '../core.js';

export interface ParsedReport {
  date: string;
  /** How the date was read, e.g. 昨天; absent when the default (today) was used. */
  dateText?: string;
  participants?: number;
  attendees?: string[];
  allMembers?: boolean;
  /** Empty when no criterion is clear (未归类). */
  criteria: number[];
  /** Whether the criteria were named by the reporter (第7条) or inferred from the text. */
  criteriaNamed: boolean;
  meeting?: string;
  place?: string;
  host?: string;
  speaker?: string;
  absentees?: Absentee[];
  text: string;
}

export interface ParseContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  campaignYear: number;
  knowledge: Knowledge;
}

// Bounded runs: an unbounded numeral class before a required suffix is tried from every start
// position, so a long run of 一 or 1 cost quadratic time (20,000 × 一 blocked the bot for 31 s).
// No count, day or criterion needs more than 12 numeral characters.
const NUM = `[${NUMERAL_CHARS}]{1,12}`;
/** Dates are read from the start of a report (chrono-node is quadratic on long numeral runs). */
export const DATE_WINDOW_CHARS = 100;
/** Counts, names, labelled fields and criteria are read from this much; the text is kept whole. */
export const FIELD_WINDOW_CHARS = 500;
const PARTICIPANTS = new RegExp(`(${NUM})\\s*(?:个|余|多)?\\s*(?:人|名|位)`, 'u');
const NAMED_CRITERIA = new RegExp(`第\\s*(${NUM}(?:\\s*[、,，和及与/]\\s*(?:第\\s*)?${NUM})*)\\s*条`, 'gu');
const SHORT_DATE = /(?<![\d.])(\d{1,2})[./](\d{1,2})(?![\d.])/u;
/** Dates written out in full, checked before chrono (which silently skips 13月40日). */
const WRITTEN_DATE = new RegExp(`(?:(\\d{4})\\s*年\\s*)?(${NUM})\\s*月\\s*(${NUM})\\s*[日号]`, 'u');
const ISO_DATE = /(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})(?!\d)/u;
export const DATE_EXAMPLE = '请写成“10月12日”“2026-10-12”或“昨天”，例如：上报 10月12日召开支部委员会，5人参加';

/** 张三、李四、王五 followed by a word that says they took part. */
const NAME = '[\\u4e00-\\u9fff]{2,4}';
const NAME_LIST = new RegExp(`(${NAME}(?:、${NAME})+)(?:等)?(?:${NUM}\\s*(?:位|名|人))?\\s*(?:同志|党员|委员|参加|出席|参会|参与)`, 'u');
const ALL_MEMBERS = /全体(?:党员|支部党员|同志|委员)/u;

/** Labelled 纪实 fields: 地点：…, 主持人：…, 主讲：…, 缺席：…. A value runs to the next separator. */
const LABEL = /(地点|地址|会议地点|主持人|主持|主讲人|主讲|授课人|缺席人员|缺席|请假人员|请假)\s*[:：]\s*([^，,。；;\n]+)/gu;

export function parseReport(raw: string, ctx: ParseContext): ParsedReport {
  // 上报：昨天… — the punctuation after the command name is not part of the report.
  const text = raw.replace(/^[\s:：,，、.。]+/u, '').trim();
  if (text === '') throw new UsageError('请写上活动内容。');
  const { date, dateText } = readDate(text, ctx);
  const head = text.slice(0, FIELD_WINDOW_CHARS);
  const named = readNamedCriteria(head);
  const criteria = named.length > 0 ? named : ctx.knowledge.classifyActivity(head);
  const fields = readRecordFields(head);
  const people = readPeople(dateText !== undefined ? fields.rest.replace(dateText, ' ') : fields.rest);
  const meeting = meetingKindOf(head);
  return {
    date,
    ...(dateText !== undefined ? { dateText } : {}),
    ...people,
    criteria,
    criteriaNamed: named.length > 0,
    ...(meeting !== undefined ? { meeting } : {}),
    ...(fields.place !== undefined ? { place: fields.place } : {}),
    ...(fields.host !== undefined ? { host: fields.host } : {}),
    ...(fields.speaker !== undefined ? { speaker: fields.speaker } : {}),
    ...(fields.absentees !== undefined && fields.absentees.length > 0 ? { absentees: fields.absentees } : {}),
    text,
  };
}

/** A date written by a user (修改 #3 日期 …) or found in a report; throws with an example. */
export function parseDateArg(raw: string, ctx: ParseContext): string {
  const { date, dateText } = readDate(raw.trim(), ctx);
  if (dateText === undefined) throw new UsageError(`没有看出“${raw.trim()}”是哪一天。${DATE_EXAMPLE}`);
  return date;
}

function readDate(whole: string, ctx: ParseContext): { date: string; dateText?: string } {
  const text = whole.slice(0, DATE_WINDOW_CHARS);
  const [y, m, d] = ctx.today.split('-').map(Number) as [number, number, number];
  checkWrittenDate(text, y);
  // chrono computes relative dates (昨天, 上周五) in the host's zone: give it a reference whose
  // local wall-clock is Shanghai's today, and read back calendar components only.
  const reference = new Date(y, m - 1, d, 12, 0, 0);
  const found = zhHans.parse(text, reference, { forwardDate: false })[0];
  let date: string | undefined;
  let dateText: string | undefined;
  let yearGiven = false;
  if (found) {
    if (!found.start.isCertain('day')) {
      throw new UsageError(`“${found.text.trim()}”不是具体日期，请写明哪一天，如“10月12日”或“昨天”。`);
    }
    date = isoDate(found.start.get('year') ?? y, found.start.get('month') ?? m, found.start.get('day') ?? d);
    dateText = found.text.trim();
    yearGiven = found.start.isCertain('year');
  } else {
    const short = SHORT_DATE.exec(text);
    if (short) {
      date = isoDate(y, Number(short[1]), Number(short[2]));
      dateText = short[0];
    }
  }
  if (date === undefined) return { date: ctx.today };
  if (!isValidDate(date)) throw new UsageError(`“${dateText ?? ''}”不是有效日期。${DATE_EXAMPLE}`);
  // A day written without a year is the most recent such day: 12月28日 sent on 2027-01-04 is
  // 2026-12-28 (activities are reported after they happen), never a day in the future.
  if (!yearGiven && daysBetween(ctx.today, date) > 0) {
    const lastYear = `${String(Number(date.slice(0, 4)) - 1).padStart(4, '0')}${date.slice(4)}`;
    if (isValidDate(lastYear)) date = lastYear;
  }
  if (daysBetween(ctx.today, date) > 0) {
    throw new UsageError(`活动日期 ${date} 晚于今天，只能上报已经开展的活动。${yearGiven ? '' : '如是去年的活动，请写明年份。'}`);
  }
  if (Number(date.slice(0, 4)) < ctx.campaignYear) {
    throw new UsageError(`活动日期 ${date} 早于 ${ctx.campaignYear} 年度活动，不能计入本年度。`);
  }
  return { date, ...(dateText !== undefined ? { dateText } : {}) };
}

/** 13月40日, 2月30日, 2026-13-01: a written date that no calendar has is an error, never "today". */
function checkWrittenDate(text: string, thisYear: number): void {
  const written = WRITTEN_DATE.exec(text);
  const iso = ISO_DATE.exec(text);
  for (const m of [written, iso]) {
    if (!m) continue;
    const year = m[1] !== undefined ? Number(m[1]) : thisYear;
    const month = parseNumeral(m[2] ?? '');
    const day = parseNumeral(m[3] ?? '');
    if (month === undefined || day === undefined || !isValidDate(isoDate(year, month, day))) {
      throw new UsageError(`“${m[0]}”不是有效日期。${DATE_EXAMPLE}`);
    }
  }
}

/** Participants: a number (8名, 十二人), else names (张三、李四参加), else 全体党员. */
function readPeople(text: string): Pick<ParsedReport, 'participants' | 'attendees' | 'allMembers'> {
  const names = NAME_LIST.exec(text);
  const attendees = names?.[1]?.split('、').map(cleanName).filter((n) => n !== '');
  const counted = readCount(text);
  const out: Pick<ParsedReport, 'participants' | 'attendees' | 'allMembers'> = {};
  if (attendees !== undefined && attendees.length > 1) out.attendees = attendees;
  const participants = counted ?? out.attendees?.length;
  if (participants !== undefined) out.participants = participants;
  if (ALL_MEMBERS.test(text)) out.allMembers = true;
  return out;
}

function readCount(text: string): number | undefined {
  const m = PARTICIPANTS.exec(text);
  if (!m?.[1]) return undefined;
  // 王五三位同志: the name's last character may be a numeral too; the longest suffix that is a
  // numeral is the count.
  const chars = [...m[1]];
  for (let i = 0; i < chars.length; i++) {
    const n = parseNumeral(chars.slice(i).join(''));
    if (n !== undefined) return n > 0 && n <= 100_000 ? n : undefined;
  }
  return undefined;
}

/** A name from a list, without the count or title that may follow it (王五三位 → 王五). */
function cleanName(raw: string): string {
  let name = raw.replace(/(?:等|同志)$/u, '');
  const count = new RegExp(`(${NUM})\\s*(?:位|名|人)$`, 'u').exec(name);
  if (count?.[1]) {
    // Strip only the shortest tail that is a numeral: 王五三位 → 王五.
    const chars = [...count[1]];
    let keep = chars.length;
    for (let i = 0; i < chars.length; i++) {
      if (parseNumeral(chars.slice(i).join('')) !== undefined) {
        keep = i;
        break;
      }
    }
    name = name.slice(0, count.index) + chars.slice(0, keep).join('');
  }
  return name.replace(/等$/u, '').trim();
}

interface RecordFields {
  place?: string;
  host?: string;
  speaker?: string;
  absentees?: Absentee[];
  /** The text without the labelled fields (so 缺席 names are not read as attendees). */
  rest: string;
}

function readRecordFields(text: string): RecordFields {
  const out: RecordFields = { rest: text };
  for (const m of text.matchAll(LABEL)) {
    const label = m[1] ?? '';
    const value = (m[2] ?? '').trim().slice(0, 60);
    if (value === '') continue;
    if (/地点|地址/u.test(label)) out.place ??= value;
    else if (/主持/u.test(label)) out.host ??= value;
    else if (/主讲|授课/u.test(label)) out.speaker ??= value;
    else out.absentees ??= readAbsentees(value);
    out.rest = out.rest.replace(m[0], ' ');
  }
  // Unlabelled forms: 在学会会议室召开, 由支部书记张三主持, 由李四主讲, 王五因出差缺席.
  const place = /在([\u4e00-\u9fff\w]{2,20}?)(?:召开|举行|举办|开展|组织|进行)/u.exec(out.rest);
  if (out.place === undefined && place?.[1] && !/^(?:线|此|这|那|实践|工作)/u.test(place[1])) out.place = place[1];
  const host = /由([^，,。；;\s由]{2,12}?)(?:同志)?主持|(?:^|[，,；;\s])([\u4e00-\u9fff]{2,4}?)(?:同志)?主持/u.exec(out.rest);
  const hostName = host?.[1] ?? host?.[2];
  if (out.host === undefined && hostName) out.host = hostName;
  const speaker = /由([^，,。；;\s由]{2,12}?)(?:同志)?(?:主讲|讲授|讲党课|授课)|(?:^|[，,；;\s])([\u4e00-\u9fff]{2,4}?)(?:同志)?(?:主讲|讲授|授课)/u.exec(out.rest);
  const speakerName = speaker?.[1] ?? speaker?.[2];
  if (out.speaker === undefined && speakerName) out.speaker = speakerName;
  if (out.absentees === undefined) {
    const absent = [...out.rest.matchAll(/(?:党员|同志|委员)?([\u4e00-\u9fff]{2,3})(?:同志)?因([^，,。；;\s]{1,10}?)(?:缺席|请假|未参加)/gu)];
    if (absent.length > 0) out.absentees = absent.map((a) => ({ name: a[1] ?? '', reason: a[2] ?? '' }));
  }
  return out;
}

/** 王五（出差）、赵六（病假） → names with reasons. */
function readAbsentees(value: string): Absentee[] {
  return value
    .split(/[、/]/u)
    .map((part) => {
      const m = /^\s*([^（(]+?)\s*(?:[（(]([^）)]*)[）)])?\s*$/u.exec(part);
      const name = (m?.[1] ?? part).trim();
      const reason = m?.[2]?.trim();
      return reason ? { name, reason } : { name };
    })
    .filter((a) => a.name !== '' && a.name !== '无');
}

function readNamedCriteria(text: string): number[] {
  const numbers = new Set<number>();
  for (const m of text.matchAll(NAMED_CRITERIA)) {
    for (const part of (m[1] ?? '').split(/[、,，和及与/]|第/u)) {
      const n = parseNumeral(part.trim());
      if (n !== undefined) {
        if (n < 1 || n > 25) throw new UsageError(`没有第${n}条，二级标准共 25 条（第1条至第25条）。`);
        numbers.add(n);
      }
    }
  }
  return [...numbers].sort((a, b) => a - b);
}

/** Criterion numbers written as an argument (归类 12 7, 修改 #3 标准 7 22). */
export function parseCriteriaArg(raw: string): number[] {
  const parts = raw
    .replace(/第|条/gu, ' ')
    .split(/[\s、,，和及与/]+/u)
    .filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError('请写上条目编号，如“7”或“3 22”。');
  const numbers = new Set<number>();
  for (const p of parts) {
    const n = parseNumeral(p);
    if (n === undefined) throw new UsageError(`“${p}”不是条目编号，请写 1–25 的数字，如“7”或“3 22”。`);
    if (n < 1 || n > 25) throw new UsageError(`没有第${n}条，二级标准共 25 条（第1条至第25条）。`);
    numbers.add(n);
  }
  return [...numbers].sort((a, b) => a - b);
}
