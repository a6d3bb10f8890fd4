// Out-of-scope signals the answerer checks on every path (direct look-ups, framed questions, clauses),
// and questions asking for a fact no criterion states (where to buy, which teacher to invite).
import { STOPWORDS } from './lexicon.js';
import type { QueryWord } from './search.js';
import { generalIdf } from './segment.js';

/** A compound of two stop words (具体内容 = 具体 + 内容) says what kind of answer is wanted, not what about. */
function stopCompound(word: string): boolean {
  const chars = [...word];
  for (let i = 1; i < chars.length; i++) if (STOPWORDS.has(chars.slice(0, i).join('')) && STOPWORDS.has(chars.slice(i).join(''))) return true;
  return false;
}

/** Noun tags of jieba (nouns, verbal nouns, abbreviations, idioms, other proper nouns). */
const NOUN_TAG = /^(?:n|vn|an|j|nz|l)/u;
/** An unknown noun this specific in general Chinese (jieba's IDF) names a topic of its own. */
const FOREIGN_MIN_GENERAL_IDF = 7;

/**
 * An unknown noun the question is about (年检, 年终奖, 补贴): unknown to the index, to the synonym
 * table and to the thesaurus (a word with terms beyond itself is understood), and specific.
 * `among`: only these tokens count (the words a direct look-up did not consume).
 */
export function foreignNoun(words: readonly QueryWord[], among?: readonly string[]): QueryWord | undefined {
  return words.find(
    (w) =>
      !w.known &&
      !w.repaired &&
      w.terms.size === 1 &&
      NOUN_TAG.test(w.tag) &&
      generalIdf(w.token) >= FOREIGN_MIN_GENERAL_IDF &&
      !stopCompound(w.token) &&
      (among === undefined || among.includes(w.token)),
  );
}

/**
 * A question that asks which person to invite or ask (讲座请哪个老师): the criteria say what to do,
 * never whom to invite, so a criterion can only be the closest item, answered with a hedge. (Where
 * to obtain something, 党旗去哪买, is a place the notice never gives: facets.ts.)
 */
const ASKS_SOURCE = /(?:请|找|邀请|聘请|请来)(?:哪个|哪位|哪些|什么样的?|谁)|哪(?:个|位|些)(?:老师|专家|教授|讲师|领导)(?:来|讲|主讲|合适)?/u;

export function asksSourceOrPerson(question: string): boolean {
  return ASKS_SOURCE.test(question);
}

/**
 * Numerals, measure words, pronouns, adverbs, prepositions, conjunctions, particles, locatives:
 * jieba's function-word tags never name a topic (多少, 一面, 依据 as a preposition).
 */
export const FUNCTION_TAG = /^(?:m|q|r|d|p|c|u|y|f|e|o)$/u;

/**
 * The word a question ends on, leaving out intent words (找谁, 什么时候) and unknown function words
 * (学会负责人年薪多少: 年薪, not 多少): usually what it asks about.
 */
export function focusWord(words: readonly QueryWord[], isIntent: (token: string) => boolean): QueryWord | undefined {
  return [...words].reverse().find((w) => !isIntent(w.token) && (w.known || !FUNCTION_TAG.test(w.tag)));
}

/**
 * A question about another document than this notice: a newer one (有没有新的双强六好文件, 最新版的
 * 标准): the notice cannot say what was issued after it.
 */
const OTHER_DOCUMENT = /(?:新的|最新的?|新版的?|新一轮的?|新出的?|更新的|后续的)[\u4e00-\u9fff]{0,6}?(?:文件|通知|标准|版本|规定)|(?:文件|通知|标准)[\u4e00-\u9fff]{0,3}?(?:更新|新版|修订|改版)/u;

export function asksOtherDocument(question: string): boolean {
  return OTHER_DOCUMENT.test(question.normalize('NFKC').replace(/\s+/gu, ''));
}

/**
 * Kinds of organisations that have Party organisations of their own, as Party regulations list
 * them (机关、事业单位、企业、农村、社区、学校、医院…). The notice is addressed to the branches of
 * societies, associations and research societies (学会、协会、研究会) only.
 */
const OTHER_ORGANISATION_KINDS = '非公企业|非公|国企|国有企业|民营企业|民企|企业|高校|大学|中小学|学校|医院|机关|事业单位|农村|社区|街道|乡镇|村';

/** Whether the standards apply to one of those, or theirs are asked (非公企业党组织也有六好标准吗, 高校党支部适用吗, 非公企业党组织建设标准是啥). */
const OTHER_ORGANISATION = new RegExp(
  `(?:${OTHER_ORGANISATION_KINDS})[\\u4e00-\\u9fff]{0,2}?(?:党组织|党支部|党委|支部)(?:也|是否|能不能|可不可以|可以|适用|参照|同样|(?:建设)?的?(?:标准|要求|规定))`,
  'u',
);

export function asksOtherOrganisation(question: string): boolean {
  return OTHER_ORGANISATION.test(question.normalize('NFKC').replace(/\s+/gu, ''));
}

/** Days off (国庆节放几天假, 放假安排, 调休): a holiday's date names a phase, but the notice says nothing of time off. */
const TIME_OFF = /放(?:几|多少)?天?假|放假|休假|调休|假期安排/u;

export function asksTimeOff(question: string): boolean {
  return TIME_OFF.test(question.normalize('NFKC').replace(/\s+/gu, ''));
}
