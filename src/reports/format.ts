// How a report looks in replies: one line with its number, date, participants and criteria.
import type { Knowledge } from '../knowledge/types.js';
import type { Report } from '../store/types.js';

export function criteriaLabel(criteria: readonly number[], knowledge: Knowledge): string {
  return criteria.map((n) => `第${n}条（${knowledge.standardOf(n).name}）`).join('、');
}

export function shortText(text: string, max = 40): string {
  const chars = [...text.replace(/\s+/gu, ' ')];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}

export function reportLine(r: Report): string {
  const people = r.participants !== undefined ? ` · ${r.participants}人` : '';
  const who = r.reporterName ?? r.reporterId;
  return `#${r.id} ${r.date}${people} · 第${r.criteria.join('、')}条 · ${shortText(r.text)}（${who}）`;
}

/** `dateNote` follows the date, e.g. how 上报 read it: （按“昨天”识别）. */
export function reportDetail(r: Report, knowledge: Knowledge, dateNote = ''): string {
  return [
    `- 编号：#${r.id}`,
    `- 日期：${r.date}${dateNote}`,
    `- 人数：${r.participants !== undefined ? `${r.participants}人` : '未注明'}`,
    `- 对应标准：${criteriaLabel(r.criteria, knowledge)}`,
    `- 内容：${shortText(r.text, 200)}`,
    `- 上报人：${r.reporterName ?? r.reporterId}`,
  ].join('\n');
}
