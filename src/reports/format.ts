// How a report looks in replies and documents: one line, a detail block, and its content as the
// 总结 prints it (without relative date words or a second headcount). What users wrote (text,
// names, places) is escaped here: these are markdown.
import type { Knowledge } from '../knowledge/types.js';
import { NUMERAL_CHARS } from '../knowledge/numerals.js';
import type { Absentee, Report } from '../store/types.js';
import { escapeMarkdown, excerpt, oneLine } from '../text.js';

export const UNCLASSIFIED = '未归类';

export function criteriaLabel(criteria: readonly number[], knowledge: Knowledge): string {
  if (criteria.length === 0) return UNCLASSIFIED;
  return criteria.map((n) => `第${n}条（${knowledge.standardOf(n).name}）`).join('、');
}

export function criteriaShort(criteria: readonly number[]): string {
  return criteria.length === 0 ? UNCLASSIFIED : `第${criteria.join('、')}条`;
}

/** 8人, 全体党员, 3人（张三、李四、王五）, or 未注明: the headcount shown once. */
export function peopleLabel(r: Pick<Report, 'participants' | 'attendees' | 'allMembers'>): string {
  const names = r.attendees && r.attendees.length > 0 ? `（${escapeMarkdown(r.attendees.join('、'))}）` : '';
  if (r.participants !== undefined) return `${r.participants}人${names}`;
  if (r.allMembers) return '全体党员';
  return '未注明';
}

export function absenteesLabel(list: readonly Absentee[]): string {
  return escapeMarkdown(list.map((a) => (a.reason ? `${a.name}（${a.reason}）` : a.name)).join('、'));
}

export function reportLine(r: Report): string {
  const people = r.participants !== undefined ? ` · ${r.participants}人` : r.allMembers ? ' · 全体党员' : '';
  const photos = r.photos && r.photos.length > 0 ? ` · 📷${r.photos.length}` : '';
  return `#${r.id} ${r.date}${people} · ${criteriaShort(r.criteria)}${photos} · ${escapeMarkdown(excerpt(oneLine(r.text), 40))}（${reporterLabel(r)}）`;
}

/** Who reported it, as shown in replies (a nickname is user text). */
export function reporterLabel(r: Pick<Report, 'reporterName' | 'reporterId'>): string {
  return escapeMarkdown(r.reporterName ?? r.reporterId);
}

/** `dateNote` follows the date, e.g. how 上报 read it: （按“昨天”识别）. */
export function reportDetail(r: Report, knowledge: Knowledge, dateNote = ''): string {
  return [
    `- 编号：#${r.id}`,
    `- 日期：${r.date}${dateNote}`,
    `- 人数：${peopleLabel(r)}`,
    `- 对应标准：${criteriaLabel(r.criteria, knowledge)}`,
    ...(r.meeting !== undefined ? [`- 三会一课：${escapeMarkdown(r.meeting)}`] : []),
    ...(r.place !== undefined ? [`- 地点：${escapeMarkdown(r.place)}`] : []),
    ...(r.host !== undefined ? [`- 主持人：${escapeMarkdown(r.host)}`] : []),
    ...(r.speaker !== undefined ? [`- 主讲人：${escapeMarkdown(r.speaker)}`] : []),
    ...(r.absentees && r.absentees.length > 0 ? [`- 缺席：${absenteesLabel(r.absentees)}`] : []),
    ...(r.photos && r.photos.length > 0 ? [`- 照片：${r.photos.length}张`] : []),
    `- 内容：${escapeMarkdown(excerpt(oneLine(activityContent(r)), 200))}`,
    `- 上报人：${reporterLabel(r)}`,
  ].join('\n');
}

const NUM = `[${NUMERAL_CHARS}]{1,12}`; // bounded: see parse.ts
/** Relative day words (and a time of day) that mean nothing once the date is printed beside them. */
const RELATIVE = new RegExp(
  '(?:' +
  [
    '(?:今天|今日|昨天|昨日|前天|大前天|刚才|刚刚)',
    '(?:(?:上|本|这|这个|上个)(?:周|星期|礼拜)[一二三四五六日天末]?)',
    '(?:(?:上|本|这|这个|上个)月(?:初|底|中旬|上旬|下旬)?)',
  ].join('|') + ')(?:上午|下午|中午|晚上|早上)?',
  'gu',
);
/** Written dates: 10月12日, 2026年10月12日, 2026-10-12, 10.12. */
const WRITTEN = new RegExp(`(?:\\d{4}\\s*年\\s*)?${NUM}\\s*月\\s*${NUM}\\s*[日号](?:上午|下午|中午|晚上)?|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|(?<![\\d.])\\d{1,2}[./]\\d{1,2}(?![\\d.])`, 'gu');
/** A headcount on its own (共15人参加, 10人): printed once from the stored number instead. */
const COUNT = new RegExp(`[，,、；;\\s]*(?:共|计|合计|约)?(?:有)?${NUM}\\s*(?:个|余|多)?\\s*(?:人|名|位)(?:党员|同志|委员)?(?:参加|参与|出席|参会)?(?:了)?(?=$|[，,。；;\\s])`, 'gu');
const MENTIONS_COUNT = new RegExp(`${NUM}\\s*(?:个|余|多)?\\s*(?:人|名|位)`, 'u');
/** Labelled 纪实 fields, printed separately. */
const LABELLED = /[，,；;\s]*(?:地点|地址|会议地点|主持人|主持|主讲人|主讲|授课人|缺席人员|缺席|请假人员|请假)\s*[:：]\s*[^，,。；;\n]+/gu;

/** The report's content for the 总结: no relative or written dates, no standalone headcount. */
export function activityContent(r: Pick<Report, 'text'>): string {
  const stripped = r.text
    .replace(LABELLED, '')
    .replace(WRITTEN, '')
    .replace(RELATIVE, '')
    .replace(/第\s*[\d、,，和及与/\s]+条/gu, '')
    .replace(COUNT, '')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s，,、。：:；;]+|[\s，,、；;：:]+$/gu, '')
    .replace(/[，,]{2,}/gu, '，');
  return stripped === '' ? r.text.trim() : stripped;
}

/** 2026-10-12：组织8名党员到企业开展走基层服务 — with ，N人参加 only when the content lacks it. */
export function activitySentence(r: Report, max = 80): string {
  const content = excerpt(oneLine(activityContent(r)), max);
  const mentions = r.participants !== undefined && MENTIONS_COUNT.test(content);
  const people = mentions ? '' : r.participants !== undefined ? `，${r.participants}人参加` : r.allMembers && !/全体/u.test(content) ? '，全体党员参加' : '';
  return `${r.date}：${content}${people}`;
}
