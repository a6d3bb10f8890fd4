// Corrections (修改 #12 日期|人数|标准|内容 …, 归类 12 7): the new record and a before/after pair
// for the reply and the audit log. Pure: the handler writes it through store.updateReport.
import { meetingKindOf } from '../knowledge/activity.js';
import { parseNumeral } from '../knowledge/numerals.js';
import type { Report } from '../store/types.js';
import { absenteesLabel, criteriaShort, peopleLabel } from './format.js';
import { FIELD_WINDOW_CHARS, parseCriteriaArg, parseDateArg, type ParseContext } from './parse.js';
import { UsageError } from '../core.js';

export const AMEND_FIELDS = ['日期', '人数', '标准', '内容', '地点', '主持人', '主讲人', '缺席'] as const;
export type AmendField = (typeof AMEND_FIELDS)[number];

const ALIASES: Readonly<Record<string, AmendField>> = {
  日期: '日期', 时间: '日期', 人数: '人数', 参加人数: '人数', 标准: '标准', 条目: '标准', 内容: '内容', 活动内容: '内容',
  地点: '地点', 主持人: '主持人', 主持: '主持人', 主讲人: '主讲人', 主讲: '主讲人', 缺席: '缺席',
};

export function amendField(raw: string): AmendField | undefined {
  return ALIASES[raw];
}

export interface Amendment {
  field: AmendField;
  after: Report;
  before: string;
  afterLabel: string;
}

export function amend(current: Report, field: AmendField, value: string, ctx: ParseContext & { at: string }): Amendment {
  const v = value.trim();
  if (v === '') throw new UsageError(`请写上新的${field}。`);
  const after: Report = { ...current, updatedAt: ctx.at };
  let before: string;
  let afterLabel: string;
  switch (field) {
    case '日期':
      before = current.date;
      after.date = parseDateArg(v, ctx);
      afterLabel = after.date;
      break;
    case '人数': {
      before = peopleLabel(current);
      if (/^全体(?:党员)?$/u.test(v)) {
        delete after.participants;
        after.allMembers = true;
      } else {
        const n = parseNumeral(v.replace(/\s*(?:人|名|位)$/u, ''));
        if (n === undefined || n < 1 || n > 100_000) throw new UsageError('人数请写数字，如“修改 #3 人数 9”，或“全体党员”。');
        after.participants = n;
        delete after.allMembers;
      }
      delete after.attendees;
      afterLabel = peopleLabel(after);
      break;
    }
    case '标准':
      before = criteriaShort(current.criteria);
      after.criteria = parseCriteriaArg(v);
      afterLabel = criteriaShort(after.criteria);
      break;
    case '内容':
      if ([...v].length > 500) throw new UsageError('活动内容最多 500 字。');
      before = current.text;
      after.text = v;
      afterLabel = v;
      {
        // The 三会一课 kind is read from the text as 上报 reads it, so the cadence counts follow.
        const meeting = meetingKindOf(v.slice(0, FIELD_WINDOW_CHARS));
        if (meeting !== undefined) after.meeting = meeting;
        else delete after.meeting;
      }
      break;
    case '地点':
    case '主持人':
    case '主讲人': {
      if ([...v].length > 60) throw new UsageError(`${field}最多 60 字。`);
      const key = field === '地点' ? 'place' : field === '主持人' ? 'host' : 'speaker';
      before = current[key] ?? '（未填）';
      after[key] = v;
      afterLabel = v;
      break;
    }
    case '缺席': {
      before = current.absentees && current.absentees.length > 0 ? absenteesLabel(current.absentees) : '（未填）';
      const list = v.split(/[、,，]/u).map((part) => {
        const m = /^\s*([^（(]+?)\s*(?:[（(]([^）)]*)[）)])?\s*$/u.exec(part);
        const name = (m?.[1] ?? part).trim();
        return m?.[2] ? { name, reason: m[2].trim() } : { name };
      });
      if (/^无$/u.test(v)) delete after.absentees;
      else after.absentees = list.filter((a) => a.name !== '');
      afterLabel = after.absentees ? absenteesLabel(after.absentees) : '无';
      break;
    }
  }
  if (before === afterLabel) throw new UsageError(`#${current.id} 的${field}已经是“${afterLabel}”，无需修改。`);
  return { field, after, before, afterLabel };
}
