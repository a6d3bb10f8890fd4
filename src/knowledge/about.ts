// A short follow-up read as a question about the item last answered: 交到几楼 after the submission
// rule, 依据哪几个文件 after the guiding section, 要是屡教不改呢 after 第20条, 多少年换一次 after 第18条.
// Such a message names no topic of its own (or only words of that item), so on its own it is refused
// or matched by a numeral; about the item it is answered by the item, unless it asks for a fact the
// item cannot state (a length in years, a procedure), for a concept the notice lacks (党费), or ends
// on a specific word the notice never uses (书单, 打分, 尺寸).
import { askedFacets, states } from './facets.js';
import type { KbItem } from './items.js';
import { INTENT_WORDS, NOTICE_WORDS } from './lexicon.js';
import { focusWord, FUNCTION_TAG } from './scope.js';
import type { QueryWord, SearchEngine } from './search.js';
import { generalIdf } from './segment.js';
import { isOutOfScope } from './thesaurus.js';

/**
 * How a message relates to an item: `own` when it has a topic word the item does not match (it is
 * answered on its own), `shared` when its topic words are all the item's, `none` when it has none.
 */
export type AboutTopic = 'own' | 'shared' | 'none';

export interface AboutReading {
  topic: AboutTopic;
  /** False when the message, read about the item, asks what the item cannot answer. */
  fits: boolean;
}

/** An unknown last word this specific in general Chinese (jieba's IDF), noun or verb, is another topic. */
const FOCUS_MIN_GENERAL_IDF = 7;

/** A word that says what the message is about: known to the index, not a function word, not the notice itself. */
function isTopic(w: QueryWord): boolean {
  return w.known && !NOTICE_WORDS.has(w.token) && !FUNCTION_TAG.test(w.tag);
}

/** The tokens of `words` (the question as engine.analyze reads it) that `item` matches. */
function matchedBy(engine: SearchEngine, item: KbItem, words: readonly QueryWord[]): Set<string> {
  return new Set(engine.searchWords(words, { filter: (it) => it.key === item.key }).hits[0]?.matched ?? []);
}

export function readAbout(engine: SearchEngine, item: KbItem, question: string, words: readonly QueryWord[]): AboutReading {
  const topic = words.filter(isTopic);
  const matched = matchedBy(engine, item, words);
  const kind: AboutTopic = topic.length === 0 ? 'none' : topic.every((w) => matched.has(w.token)) ? 'shared' : 'own';
  return { topic: kind, fits: fits(words, item, question) };
}

/** Whether an item matches a word of the question other than a function word (文件是谁发的: 文件). */
export function matchesBeyondFunctionWords(engine: SearchEngine, item: KbItem, words: readonly QueryWord[]): boolean {
  const matched = matchedBy(engine, item, words);
  return words.some((w) => matched.has(w.token) && !FUNCTION_TAG.test(w.tag));
}

function fits(words: readonly QueryWord[], item: KbItem, question: string): boolean {
  if (words.some((w) => isOutOfScope(w.token))) return false;
  // A fact asked for (交到几楼: a place): the item answers only if its text states that kind of fact.
  const facets = askedFacets(question);
  if (facets.length > 0) return facets.every((f) => states(item.text, f));
  const focus = focusWord(words, (t) => INTENT_WORDS.has(t));
  return !(focus && !focus.known && focus.terms.size === 1 && /^(?:n|v)/u.test(focus.tag) && generalIdf(focus.token) >= FOCUS_MIN_GENERAL_IDF);
}
