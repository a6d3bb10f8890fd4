// Chinese segmentation for the search engine: one jieba instance per process (its dictionary and
// IDF table take ~250 ms to load), extended with the domain terms of lexicon.ts, plus the normalisation and token
// filtering shared by the index and the queries.
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';
import { DOMAIN_TERMS, MEANINGFUL_SINGLES, OUT_OF_SCOPE_TERMS, STOPWORDS, SYNONYMS } from './lexicon.js';

/** Frequency given to user-dictionary words: high enough to keep them whole in any context. */
const USER_WORD_FREQ = 30000;

let instance: Jieba | undefined;
let tfidf: TfIdf | undefined;
let loadMs: number | undefined;

/** Every word the user dictionary adds: domain terms and the synonym keys. */
export function userDictionaryWords(): string[] {
  return [...new Set([...DOMAIN_TERMS, ...Object.keys(SYNONYMS).filter((k) => [...k].length > 1)])];
}

/** The process-wide jieba instance, loaded on first use. */
export function jieba(): Jieba {
  if (!instance) {
    const started = performance.now();
    const j = Jieba.withDict(dict);
    const lines = userDictionaryWords().map((w) => `${w} ${USER_WORD_FREQ} n`);
    j.loadDict(Buffer.from(lines.join('\n'), 'utf8'));
    tfidf = TfIdf.withDict(idf);
    instance = j;
    loadMs = performance.now() - started;
  }
  return instance;
}

const generalIdfCache = new Map<string, number>();

/**
 * How specific a word is in general Chinese text: jieba's corpus IDF (不要 4.9, 位置 5.7,
 * 天气 6.5, 食堂 8.5, 党费 11.5). Words the corpus lacks get its median (~11.7).
 */
export function generalIdf(word: string): number {
  const cached = generalIdfCache.get(word);
  if (cached !== undefined) return cached;
  const j = jieba();
  const value = tfidf?.extractKeywords(j, word, 1)[0]?.weight ?? 0;
  if (generalIdfCache.size < 10_000) generalIdfCache.set(word, value);
  return value;
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

/**
 * User-dictionary words inside a longer token (全国科技工作者日 → 科技工作者日, 科技工作者). jieba's
 * search mode only emits 2- and 3-character sub-words, so longer domain terms need this.
 */
export function containedUserWords(token: string): string[] {
  userWords ??= userDictionaryWords().filter((w) => [...w].length >= 3);
  if ([...token].length < 4) return [];
  return userWords.filter((w) => w !== token && token.includes(w));
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
