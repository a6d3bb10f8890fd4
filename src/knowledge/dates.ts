// Date expressions in members' messages: 今天/明天/后天/昨天, 下周, 下周三, 3天后, 国庆, 11月5日, 十一月五号,
// 2026-11-05, 2026年11月5日, 11.5, 11/5. Dates without a year take the campaign year; relative
// ones count from `now` in Asia/Shanghai.
import { addDays, isoDate, isValidDate, shanghaiDate } from '../time.js';
import { NUMERAL_CHARS, parseNumeral } from './numerals.js';

export type DateParse =
  | { ok: true; date: string; /** the text that expressed the date */ span: string; relative: boolean }
  | { ok: false; span: string; message: string };

const N = `[${NUMERAL_CHARS}]{1,3}`;

const RELATIVE: ReadonlyArray<[RegExp, number]> = [
  [/大后天/u, 3],
  [/后天/u, 2],
  [/明天|明日|明儿/u, 1],
  [/今天|今日|今儿|当天/u, 0],
  [/大前天/u, -3],
  [/前天/u, -2],
  [/昨天|昨日|昨儿/u, -1],
  [/下(?:个|一)?(?:周|星期|礼拜)/u, 7],
  [/上(?:个|一)?(?:周|星期|礼拜)/u, -7],
  // This week: today stands for it (这周干啥).
  [/(?:这|本)(?:个|一)?(?:周|星期|礼拜)/u, 0],
  // "These days": today stands for them (这几天该忙啥).
  [/这几天|这两天|这些天|最近|近期|近来|眼下|这阵子|这阵儿|这段时间|当下/u, 0],
];

const ISO_DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/u;
const MONTH_DAY = new RegExp(`(${N})\\s*月(?:份)?\\s*(${N})\\s*[日号]?`, 'u');
const NUMERIC_MONTH_DAY = /(?<![\d.])(\d{1,2})\s*[./-]\s*(\d{1,2})(?![\d.])\s*[日号]?/u;
const WEEKDAY = /([下上这本]?)(?:个)?(?:周|星期|礼拜)([一二三四五六日天])/u;
const DAYS_LATER = new RegExp(`(${N})\\s*天\\s*(?:以后|之后|后)`, 'u');
const BARE_DAY = new RegExp(`(?<![${NUMERAL_CHARS}月〕\\])）)])(${N})\\s*[日号](?!期)`, 'u');

function checked(year: number, month: number, day: number, span: string, relative: boolean): DateParse {
  const date = isoDate(year, month, day);
  if (month < 1 || month > 12 || day < 1 || !isValidDate(date)) {
    return { ok: false, span, message: `“${span}”不是有效日期` };
  }
  return { ok: true, date, span, relative };
}

/** Right after a date: the days after it (10月31号以后 is 11月1日 on). */
const AFTER_DATE = /^\s*(?:以后|之后|过后|往后)/u;

/** A date, or the day after it when the text goes on with 以后 (the span then includes it). */
function dated(s: string, m: RegExpExecArray, year: number, month: number, day: number): DateParse {
  const after = AFTER_DATE.exec(s.slice(m.index + m[0].length));
  const found = checked(year, month, day, m[0], false);
  if (!after || !found.ok) return found;
  return { ...found, date: addDays(found.date, 1), span: m[0] + after[0] };
}

/**
 * Finds the first date expression in `text`; null when there is none. `now` anchors relative
 * words; `campaignYear` completes dates written without a year. A date followed by 以后/之后 is
 * the day after it (what comes after 10月31日 starts on 11月1日).
 */
export function parseDateIn(text: string, now: Date, campaignYear: number): DateParse | null {
  const s = text.normalize('NFKC');

  let m = ISO_DATE.exec(s);
  if (m) return dated(s, m, Number(m[1]), Number(m[2]), Number(m[3]));

  m = MONTH_DAY.exec(s);
  if (m) {
    const month = parseNumeral(m[1] ?? '');
    const day = parseNumeral(m[2] ?? '');
    if (month !== undefined && day !== undefined) return dated(s, m, campaignYear, month, day);
  }

  m = NUMERIC_MONTH_DAY.exec(s);
  if (m) return dated(s, m, campaignYear, Number(m[1]), Number(m[2]));

  if (/国庆/u.test(s)) return checked(campaignYear, 10, 1, '国庆', false);

  // Relative dates count from today (computed only when one is found).
  // Weekdays: 周三 / 星期五 / 下周一 / 上礼拜天 (weeks start on Monday).
  m = WEEKDAY.exec(s);
  if (m) {
    const today = shanghaiDate(now);
    const target = '一二三四五六日天'.indexOf(m[2] ?? '') + 1;
    const weekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1; // Mon=1 … Sun=7
    const week = m[1] === '下' ? 7 : m[1] === '上' ? -7 : 0;
    return { ok: true, date: addDays(today, Math.min(target, 7) - weekday + week), span: m[0], relative: true };
  }
  m = DAYS_LATER.exec(s);
  if (m) {
    const n = parseNumeral(m[1] ?? '');
    if (n !== undefined) return { ok: true, date: addDays(shanghaiDate(now), n), span: m[0], relative: true };
  }
  for (const [re, offset] of RELATIVE) {
    const r = re.exec(s);
    if (r) return { ok: true, date: addDays(shanghaiDate(now), offset), span: r[0], relative: true };
  }

  // A bare day of the month: 5号 / 15日 (not part of 11月15日, handled above).
  m = BARE_DAY.exec(s);
  if (m) {
    const day = parseNumeral(m[1] ?? '');
    const month = Number(shanghaiDate(now).slice(5, 7));
    if (day !== undefined) return checked(campaignYear, month, day, m[0], false);
  }
  return null;
}

/** Parses a whole argument as a date (for the 阶段 command): empty means today. */
export function parseDateArg(args: string, now: Date, campaignYear: number): DateParse {
  const trimmed = args.trim();
  if (trimmed === '' || /^(现在|目前|当前|此刻|眼下)$/u.test(trimmed)) {
    return { ok: true, date: shanghaiDate(now), span: trimmed, relative: true };
  }
  const found = parseDateIn(trimmed, now, campaignYear);
  if (!found) return { ok: false, span: trimmed, message: `看不懂日期“${trimmed}”` };
  const rest = trimmed.replace(found.span, '').replace(/[\s,，。.?？!！]|是|什么|啥|阶段|哪个/gu, '');
  if (rest !== '') return { ok: false, span: trimmed, message: `看不懂日期“${trimmed}”` };
  return found;
}

/** A stretch of days a member names: 10月下旬, 11月初, 9月下旬到10月底, 10月份. Inclusive dates. */
export interface Period {
  start: string;
  end: string;
  span: string;
}

/** 这个月 / 本月 / 下个月 / 上月: a month counted from today. */
const RELATIVE_MONTH = /(这个|这|本|当|下个|下|上个|上)月(?:份)?(上旬|中旬|下旬|初|中|底|末)?/u;

const PART = `(?:上旬|中旬|下旬|月初|月中|月底|月末|初|中|底|末|份)?`;
const MONTH_PART = new RegExp(`(${N})\\s*月\\s*(${N}\\s*[日号]?)?\\s*(${PART})`, 'u');
const PERIOD_RANGE = new RegExp(
  `((?:${N})\\s*月\\s*(?:${N}\\s*[日号]?)?\\s*${PART})\\s*(?:到|至|-|—|~|～)\\s*((?:(?:${N})\\s*月)?\\s*(?:${N}\\s*[日号]?)?\\s*${PART})`,
  'u',
);

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One end of a period: a month with an optional day or part; undefined when it is not one. */
function monthPart(text: string, year: number, month?: number): { start: string; end: string } | undefined {
  const m = MONTH_PART.exec(text);
  const dayOnly = m ? undefined : new RegExp(`^\\s*(${N})\\s*[日号]?\\s*$`, 'u').exec(text);
  const mon = m ? parseNumeral(m[1] ?? '') : month;
  if (mon === undefined || mon < 1 || mon > 12) return undefined;
  const dayText = m ? m[2] : dayOnly?.[1];
  if (dayText) {
    const day = parseNumeral(dayText.replace(/[日号\s]/gu, ''));
    if (day === undefined || day < 1 || day > lastDay(year, mon)) return undefined;
    const d = isoDate(year, mon, day);
    return { start: d, end: d };
  }
  const last = lastDay(year, mon);
  const part = (m?.[3] ?? '').replace(/^月/u, '');
  const [from, to] =
    part === '上旬' || part === '初' ? [1, 10] : part === '中旬' || part === '中' ? [11, 20] : part === '下旬' || part === '底' || part === '末' ? [21, last] : [1, last];
  return { start: isoDate(year, mon, from), end: isoDate(year, mon, to) };
}

/**
 * A period in `text` that is more than one day: a range (9月下旬到10月底, 10月1日到15日), or a month
 * with a part (11月初, 10月中旬, 10月底) or alone (10月份). Single dates are parseDateIn's.
 */
export function parsePeriodIn(text: string, campaignYear: number, now?: Date): Period | null {
  const s = text.normalize('NFKC');
  const rel = now ? RELATIVE_MONTH.exec(s) : null;
  if (rel && now) {
    const today = shanghaiDate(now);
    const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 + (/[下]/u.test(rel[1] ?? '') ? 1 : /[上]/u.test(rel[1] ?? '') ? -1 : 0);
    const p = monthPart(`${(index % 12) + 1}月${rel[2] ?? ''}`, Math.floor(index / 12));
    if (p) return { ...p, span: rel[0] };
  }
  const r = PERIOD_RANGE.exec(s);
  if (r) {
    const a = monthPart(r[1] ?? '', campaignYear);
    const startMonth = a ? Number(a.start.slice(5, 7)) : undefined;
    const b = monthPart(r[2] ?? '', campaignYear, startMonth);
    if (a && b && a.start <= b.end) return { start: a.start, end: b.end, span: r[0] };
  }
  const m = MONTH_PART.exec(s);
  if (m && !m[2] && (m[3] ?? '') !== '') {
    const p = monthPart(m[0], campaignYear);
    if (p) return { ...p, span: m[0] };
  }
  const bare = new RegExp(`(${N})\\s*月(?!\\s*[${NUMERAL_CHARS}])`, 'u').exec(s);
  if (bare && !m?.[2]) {
    const p = monthPart(bare[0], campaignYear);
    if (p) return { ...p, span: bare[0] };
  }
  return null;
}
