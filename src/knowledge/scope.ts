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
 * A question that asks where to obtain something (党旗去哪里买) or which person to invite or ask
 * (讲座请哪个老师): the criteria say what to have and do, never where to buy it or whom to invite,
 * so a criterion can only be the closest item, answered with a hedge.
 */
const ASKS_SOURCE = /(?:哪里|哪儿|哪块|何处|在哪|去哪|到哪|上哪)(?:能|可以|去|才能)?(?:买|购买|采购|领|领取|订|订做|定做|印|制作|借|租)|(?:买|购买|采购|订做|定做|制作)(?:的地方|的店|渠道)|(?:请|找|邀请|聘请|请来)(?:哪个|哪位|哪些|什么样的?|谁)|哪(?:个|位|些)(?:老师|专家|教授|讲师|领导)(?:来|讲|主讲|合适)?/u;

export function asksSourceOrPerson(question: string): boolean {
  return ASKS_SOURCE.test(question);
}

/** Numerals, measure words, pronouns, adverbs, particles, locatives: they never name a topic (多少, 一面). */
const FUNCTION_TAG = /^(?:m|q|r|d|p|c|u|y|f|e|o)$/u;

/**
 * The word a question ends on, leaving out intent words (找谁, 什么时候) and unknown function words
 * (学会负责人年薪多少: 年薪, not 多少): usually what it asks about.
 */
export function focusWord(words: readonly QueryWord[], isIntent: (token: string) => boolean): QueryWord | undefined {
  return [...words].reverse().find((w) => !isIntent(w.token) && (w.known || !FUNCTION_TAG.test(w.tag)));
}
