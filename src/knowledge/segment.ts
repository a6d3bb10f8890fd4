// Chinese segmentation for the search engine: one jieba instance per process (its dictionary takes
// ~150 ms to load), extended with the domain terms of lexicon.ts; the general IDF of words (how
// specific a word the notice does not use is); and the normalisation and token filtering shared by
// the index and the queries.
import { Jieba } from '@node-rs/jieba';
import { frequentWords, idfBelow, jiebaPackageFile } from './dictionary.js';
import { syllables } from './spelling.js';
import { DOMAIN_TERMS, GLOSS_TERMS, MEANINGFUL_SINGLES, OUT_OF_SCOPE_TERMS, STOPWORDS, SYNONYMS } from './lexicon.js';

/** Frequency given to user-dictionary words: high enough to keep them whole in any context. */
const USER_WORD_FREQ = 30000;

/**
 * General IDF values are kept exactly below this cap; every word at or above it (or unknown to
 * jieba's corpus) reads as the cap. The search engine scales unknown words up to GENERAL_IDF_HIGH
 * and anchors at ANCHOR_MIN_GENERAL_IDF, both ≤ this cap, so no decision depends on the rest.
 */
export const GENERAL_IDF_CAP = 8;

let instance: Jieba | undefined;
let idfBelowCap: ReadonlyMap<string, number> | undefined;
let loadMs: number | undefined;
let realRare: ReadonlySet<string> | undefined;

/**
 * jieba's dictionary frequency from which a word is a real word members type on purpose (认证 1170,
 * 认真 4703), not a typo that happens to be listed (书纪 2). About 8,000 such words have a general
 * IDF at or above the cap; only those are kept (the others are known by generalIdf already).
 */
export const REAL_WORD_MIN_FREQ = 300;

/**
 * Whether a word of two or more characters is a frequent word of general Chinese: below the IDF cap,
 * or frequent in jieba's dictionary. Spelling repair leaves such words as typed.
 */
export function isCommonWord(word: string): boolean {
  if ([...word].length < 2) return false;
  if (!realRare) jieba();
  return (idfBelowCap?.has(word) ?? false) || (realRare?.has(word) ?? false);
}

/** Every word the user dictionary adds: domain terms and the synonym keys. */
export function userDictionaryWords(): string[] {
  return [...new Set([...DOMAIN_TERMS, ...GLOSS_TERMS, ...Object.keys(SYNONYMS).filter((k) => [...k].length > 1)])];
}

/** The process-wide jieba instance (and the general IDF table), loaded on first use. */
export function jieba(): Jieba {
  if (!instance) {
    const started = performance.now();
    const dict = jiebaPackageFile('dict.txt');
    const j = Jieba.withDict(dict);
    const lines = userDictionaryWords().map((w) => `${w} ${USER_WORD_FREQ} n`);
    j.loadDict(Buffer.from(lines.join('\n'), 'utf8'));
    const below = idfBelow(GENERAL_IDF_CAP);
    idfBelowCap = below;
    realRare = frequentWords(dict, REAL_WORD_MIN_FREQ, (w) => !below.has(w));
    // pinyin-pro's dictionary loads on first use: count it here with the other dictionaries.
    syllables('党建');
    instance = j;
    loadMs = performance.now() - started;
  }
  return instance;
}

/** The filter of jieba's TfIdf: at least two characters, not one of its (English) stop words. */
const TFIDF_MIN_CHARS = 2;
const TFIDF_STOPWORDS: ReadonlySet<string> = new Set([
  'the', 'of', 'is', 'and', 'to', 'in', 'that', 'we', 'for', 'an', 'are', 'by', 'be', 'as', 'on', 'with',
  'can', 'if', 'from', 'which', 'you', 'it', 'this', 'then', 'at', 'have', 'all', 'not', 'one', 'has', 'or',
]);

/**
 * How specific a query token is in general Chinese text: jieba's corpus IDF (不要 4.9, 位置 5.7,
 * 天气 6.5), capped at GENERAL_IDF_CAP (食堂 8.5 and 党费 11.5 read as 8, as does a word the corpus
 * lacks, which TfIdf would give the median, ~12.0). Single characters and TfIdf's stop words get 0.
 * This is what jieba's TfIdf.extractKeywords(jieba, token, 1) gives, capped, for a token that jieba
 * segments as one word (every token of queryTokens); test/knowledge/engine.test.ts checks it.
 */
export function generalIdf(token: string): number {
  if ([...token].length < TFIDF_MIN_CHARS || TFIDF_STOPWORDS.has(token.toLowerCase())) return 0;
  if (!idfBelowCap) jieba();
  return idfBelowCap?.get(token) ?? GENERAL_IDF_CAP;
}

/** The words of general Chinese below the IDF cap (the commonest ~8,800) with their IDF. */
export function commonWords(): ReadonlyMap<string, number> {
  if (!idfBelowCap) jieba();
  return idfBelowCap ?? new Map<string, number>();
}

/** How long loading the jieba dictionaries took, or undefined before the first use. */
export function jiebaLoadMs(): number | undefined {
  return loadMs;
}

/** Width, case and quote normalisation applied to everything before segmentation. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d"'`]/gu, ' ')
    .replace(/[\u00a0\u2005\u3000]/gu, ' ');
}

const HAN = /^\p{Script=Han}$/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Whether a segment is worth indexing or searching for. */
export function isContentToken(token: string): boolean {
  const t = token.trim();
  if (t === '' || !WORDLIKE.test(t) || STOPWORDS.has(t)) return false;
  const chars = [...t];
  if (chars.length === 1) {
    const ch = chars[0] ?? '';
    return HAN.test(ch) && MEANINGFUL_SINGLES.has(ch);
  }
  if (/^\d+$/.test(t)) return t.length >= 2;
  return true;
}

let userWords: readonly string[] | undefined;

/** User-dictionary words of three or more characters, the ones containedUserWords looks for. */
export function longUserWords(): readonly string[] {
  userWords ??= userDictionaryWords().filter((w) => [...w].length >= 3);
  return userWords;
}

/**
 * User-dictionary words inside a longer token (全国科技工作者日 → 科技工作者日, 科技工作者). jieba's
 * search mode only emits 2- and 3-character sub-words, so longer domain terms need this.
 */
export function containedUserWords(token: string): string[] {
  if ([...token].length < 4) return [];
  return longUserWords().filter((w) => w !== token && token.includes(w));
}

/** Index-side tokens: search-mode segmentation (words plus their dictionary sub-words). */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of jieba().cutForSearch(normalizeText(text), false)) {
    const t = raw.trim();
    if (!isContentToken(t)) continue;
    out.push(t, ...containedUserWords(t));
  }
  return out;
}

/** A query token with jieba's part-of-speech tag (n, v, r, …). */
export interface TaggedToken {
  word: string;
  tag: string;
}

/** Every token of a query with its part of speech (stop words included), in order. */
export function taggedTokens(text: string): TaggedToken[] {
  const out: TaggedToken[] = [];
  for (const t of jieba().tag(normalizeText(text), false)) {
    const word = t.word.trim();
    if (word !== '') out.push({ word, tag: t.tag });
  }
  return out;
}

/** Query-side tokens: precise segmentation, content words only, in order. */
export function queryTokens(text: string): string[] {
  return jieba()
    .cut(normalizeText(text), false)
    .map((t) => t.trim())
    .filter(isContentToken);
}

/** Dictionary sub-words of a query token (负责人 → 负责, 负责人…), never for out-of-scope terms. */
export function subTokens(token: string): string[] {
  if (OUT_OF_SCOPE_TERMS.has(token) || [...token].length < 3) return [];
  const subs = jieba()
    .cutForSearch(token, false)
    .map((t) => t.trim())
    .filter((t) => t !== token && isContentToken(t));
  return [...new Set([...subs, ...containedUserWords(token)])];
}
