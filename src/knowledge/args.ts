// Command arguments that name a criterion, a standard or a phase (for the 标准 and 阶段 commands).
import { compact, phaseNameIn, standardNameIn } from './intent.js';
import { NUMERAL_CHARS, parseNumeral } from './numerals.js';
import type { Standard } from './types.js';

const NUMBER = new RegExp(`^(?:二级标准)?第?([${NUMERAL_CHARS}]+)(?:条|项)?$`, 'u');

/** 7 / 七 / 第7条 / 第十二条 / 二十五 → the number (not range-checked); undefined otherwise. */
export function criterionArg(text: string): number | undefined {
  const m = NUMBER.exec(compact(text).replace(/[。.!！?？]+$/u, ''));
  return m?.[1] === undefined ? undefined : parseNumeral(m[1]);
}

/** A standard named in full or in part (团结凝聚群众好 / 自身建设); the text must be little more than the name. */
export function standardArg(text: string, standards: readonly Standard[]): number | undefined {
  const found = standardNameIn(text, standards);
  if (!found) return undefined;
  const rest = compact(text).replace(found.span, '').replace(/[好的标准条目要求内容有哪些是什么啥吗呢?？。.!！]/gu, '');
  return rest === '' ? found.index : undefined;
}

/** 动员部署 / 组织实施阶段 / 第二阶段 / 阶段3 → the phase index (not range-checked). */
export function phaseArg(text: string): number | undefined {
  const s = compact(text);
  const byName = phaseNameIn(s);
  if (byName && byName.span === s) return byName.index;
  const m = new RegExp(`^第([${NUMERAL_CHARS}]+)(?:个)?阶段$`, 'u').exec(s);
  return m?.[1] === undefined ? undefined : parseNumeral(m[1]);
}
