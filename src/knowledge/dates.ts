// Date expressions in members' messages: 今天/明天/后天/昨天, 下周, 下周三, 3天后, 国庆, 11月5日, 十一月五号,
// 2026-11-05, 2026年11月5日, 11.5, 11/5. Dates without a year take the campaign year; relative
// ones count from `now` in Asia/Shanghai.
import { addDays, isValidDate, shanghaiDate } from '../time.js';
import { isoDate } from './calendar.js';
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
  [/下周|下星期|下礼拜/u, 7],
  [/上周|上星期|上礼拜/u, -7],
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

/**
 * Finds the first date expression in `text`; null when there is none. `now` anchors relative
 * words; `campaignYear` completes dates written without a year.
 */
export function parseDateIn(text: string, now: Date, campaignYear: number): DateParse | null {
  const s = text.normalize('NFKC');

  let m = ISO_DATE.exec(s);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]), m[0], false);

  m = MONTH_DAY.exec(s);
  if (m) {
    const month = parseNumeral(m[1] ?? '');
    const day = parseNumeral(m[2] ?? '');
    if (month !== undefined && day !== undefined) return checked(campaignYear, month, day, m[0], false);
  }

  m = NUMERIC_MONTH_DAY.exec(s);
  if (m) return checked(campaignYear, Number(m[1]), Number(m[2]), m[0], false);

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
