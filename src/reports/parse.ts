// Reads an activity report: its date, number of participants and the criteria it serves.
import * as zhHans from 'chrono-node/zh/hans';
import { UsageError } from '../bot/command.js';
import type { Knowledge } from '../knowledge/types.js';
import { NUMERAL_CHARS, parseNumeral } from '../knowledge/numerals.js';
import { daysBetween, isValidDate } from '../time.js';

export interface ParsedReport {
  date: string;
  /** How the date was read, e.g. 昨天; absent when the default (today) was used. */
  dateText?: string;
  participants?: number;
  criteria: number[];
  /** Whether the criteria were named by the reporter (第7条) or inferred from the text. */
  criteriaNamed: boolean;
  text: string;
}

export interface ParseContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
  campaignYear: number;
  knowledge: Knowledge;
}

const NUM = `[${NUMERAL_CHARS}]+`;
const PARTICIPANTS = new RegExp(`(${NUM})\\s*(?:个|余|多)?\\s*(?:人|名|位)`, 'u');
const NAMED_CRITERIA = new RegExp(`第\\s*(${NUM}(?:\\s*[、,，和及与/]\\s*(?:第\\s*)?${NUM})*)\\s*条`, 'gu');
const SHORT_DATE = /(?<![\d.])(\d{1,2})[./](\d{1,2})(?![\d.])/u;

export function parseReport(raw: string, ctx: ParseContext): ParsedReport {
  const text = raw.trim();
  if (text === '') throw new UsageError('请写上活动内容。');
  const { date, dateText } = readDate(text, ctx);
  const named = readNamedCriteria(text);
  const criteria = named.length > 0 ? named : ctx.knowledge.classifyActivity(text);
  if (criteria.length === 0) {
    throw new UsageError('没有看出这项活动对应哪条标准。请写明活动内容（如“走基层”“三会一课”），或直接注明条目，如“上报 第11条 …”。');
  }
  const participants = readParticipants(text);
  return {
    date,
    ...(dateText !== undefined ? { dateText } : {}),
    ...(participants !== undefined ? { participants } : {}),
    criteria,
    criteriaNamed: named.length > 0,
    text,
  };
}

function readDate(text: string, ctx: ParseContext): { date: string; dateText?: string } {
  const [y, m, d] = ctx.today.split('-').map(Number) as [number, number, number];
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
    date = ymd(found.start.get('year') ?? y, found.start.get('month') ?? m, found.start.get('day') ?? d);
    dateText = found.text.trim();
    yearGiven = found.start.isCertain('year');
  } else {
    const short = SHORT_DATE.exec(text);
    if (short) {
      date = ymd(y, Number(short[1]), Number(short[2]));
      dateText = short[0];
    }
  }
  if (date === undefined) return { date: ctx.today };
  if (!isValidDate(date)) throw new UsageError(`“${dateText ?? ''}”不是有效日期。`);
  if (daysBetween(ctx.today, date) > 0) {
    throw new UsageError(`活动日期 ${date} 晚于今天，只能上报已经开展的活动。${yearGiven ? '' : '如是去年的活动，请写明年份。'}`);
  }
  if (Number(date.slice(0, 4)) < ctx.campaignYear) {
    throw new UsageError(`活动日期 ${date} 早于 ${ctx.campaignYear} 年度活动，不能计入本年度。`);
  }
  return { date, ...(dateText !== undefined ? { dateText } : {}) };
}

function readParticipants(text: string): number | undefined {
  const m = PARTICIPANTS.exec(text);
  if (!m?.[1]) return undefined;
  const n = parseNumeral(m[1]);
  return n !== undefined && n > 0 && n <= 100_000 ? n : undefined;
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

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
