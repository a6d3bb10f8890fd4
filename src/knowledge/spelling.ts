// Misspelt and misheard words: a member types 章成 for 章程, 书纪 for 书记, 建事会 for 监事会, or
// 社会工做师 for 社会工作师; jieba splits such a word into single characters, which are discarded,
// and the question loses its topic. This index finds, for a run of characters, the index term it
// was meant to be: same toneless pinyin (with the usual dialect merges zh/z, ch/c, sh/s, ing/in,
// eng/en), or one character different for terms of three characters or more.
import { pinyin } from 'pinyin-pro';

/** Toneless pinyin of each character of a Han string (context-aware for polyphones). */
export function syllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array' });
}

/** Merged forms already computed: a pinyin message asks for the same few hundred syllables many times. */
const merges = new Map<string, string>();
const MERGES_KEPT = 4096;

/** The dialect merges members' spelling shows: zh/ch/sh → z/c/s, ing/eng → in/en. */
export function fuzzySyllable(s: string): string {
  const kept = merges.get(s);
  if (kept !== undefined) return kept;
  const merged = s
    .replace(/^([zcs])h/u, '$1')
    .replace(/ing$/u, 'in')
    .replace(/eng$/u, 'en');
  if (merges.size < MERGES_KEPT) merges.set(s, merged);
  return merged;
}

export class SpellingIndex {
  private readonly byPinyin = new Map<string, string[]>();
  private readonly byWildcard = new Map<string, string[]>();
  /** Terms only reachable from pinyin typed in Latin letters (out-of-scope words: dangfei → 党费). */
  private readonly latinOnly = new Map<string, string[]>();
  /** Terms by the first letters of their syllables (zjc → 走基层, shyk → 三会一课), as members abbreviate. */
  private readonly byInitials = new Map<string, string[]>();

  /**
   * `terms`: Han words of two to six characters that a query word may be corrected to;
   * `latinTerms`: further words that pinyin typed in Latin letters may stand for.
   */
  constructor(terms: Iterable<string>, latinTerms: Iterable<string> = []) {
    for (const term of latinTerms) {
      const chars = [...term];
      if (chars.length >= 2 && chars.length <= 6) for (const key of readings(chars)) add(this.latinOnly, key, term);
    }
    for (const term of terms) {
      const chars = [...term];
      if (chars.length < 2 || chars.length > 6) continue;
      for (const key of readings(chars)) {
        add(this.byPinyin, key, term);
        add(this.byInitials, key.split(' ').map((syl) => syl[0] ?? '').join(''), term);
      }
      if (chars.length < 3) continue;
      for (let i = 0; i < chars.length; i++) add(this.byWildcard, wildcard(chars, i), term);
    }
  }

  /** Terms that sound like `text` read as `parts` (its toneless pinyin in context), dialect-merged. */
  soundsLike(text: string, parts: readonly string[]): readonly string[] {
    return (this.byPinyin.get(parts.map(fuzzySyllable).join(' ')) ?? []).filter((t) => t !== text);
  }

  /**
   * Terms whose pinyin a Latin-letter word spells (lianxiren → 联系人, jiaogeishui → 交给谁), under
   * any split of the letters into syllables. Toneless, dialect merges as for Han words.
   */
  fromLatin(letters: string): readonly string[] {
    const out = new Set<string>();
    for (const split of syllableSplits(letters.toLowerCase().replace(/ü/gu, 'v'))) {
      const key = split.map(fuzzySyllable).join(' ');
      for (const t of this.byPinyin.get(key) ?? []) out.add(t);
      for (const t of this.latinOnly.get(key) ?? []) out.add(t);
    }
    return [...out];
  }

  /**
   * The one term whose syllables start with these letters (zbsj → 支部书记), for a word of two to
   * five letters with no vowel (an English word has one: ok, hello); undefined when none or several do.
   */
  fromInitials(letters: string): string | undefined {
    const key = letters.toLowerCase();
    if (!/^[b-df-hj-np-tv-z]{2,5}$/u.test(key)) return undefined;
    const terms = this.byInitials.get(key) ?? [];
    return terms.length === 1 ? terms[0] : undefined;
  }

  /**
   * Terms of three or more characters that differ from `text` in exactly one character, a
   * character that sounds close to the intended one (same initial or same final: 做/作, 届/界).
   */
  oneCharOff(text: string): readonly string[] {
    const chars = [...text];
    if (chars.length < 3) return [];
    const out = new Set<string>();
    for (let i = 0; i < chars.length; i++) {
      for (const t of this.byWildcard.get(wildcard(chars, i)) ?? []) {
        if (t !== text && soundsClose(chars[i] ?? '', [...t][i] ?? '')) out.add(t);
      }
    }
    return [...out];
  }
}

/** A pinyin syllable without tone: optional initial and a final (a superset of real syllables). */
const SYLLABLE = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ui|ao|ou|iu|ie|ue|ve|er|an|en|in|un|vn|ia|ua|uo|a|o|e|i|u|v)$/u;
const MAX_SYLLABLE = 6;
const MAX_SPLITS = 8;

/** Whether a Latin-letter word reads as a sequence of pinyin syllables (shi, shei, lianxiren). */
export function isPinyin(letters: string): boolean {
  return syllableSplits(letters.toLowerCase()).length > 0;
}

/** Every way (at most MAX_SPLITS) to cut the letters into pinyin syllables. */
function syllableSplits(letters: string): string[][] {
  if (!/^[a-z]{1,30}$/u.test(letters)) return [];
  const memo = new Map<number, string[][]>();
  const from = (at: number): string[][] => {
    if (at === letters.length) return [[]];
    const known = memo.get(at);
    if (known) return known;
    const out: string[][] = [];
    for (let end = Math.min(letters.length, at + MAX_SYLLABLE); end > at && out.length < MAX_SPLITS; end--) {
      const syl = letters.slice(at, end);
      if (!SYLLABLE.test(syl)) continue;
      for (const rest of from(end)) {
        out.push([syl, ...rest]);
        if (out.length >= MAX_SPLITS) break;
      }
    }
    memo.set(at, out);
    return out;
  };
  return from(0);
}

const charReadings = new Map<string, readonly string[]>();

/** Every reading of a character (polyphones: 长 chang/zhang), dialect-merged; cached per process. */
function readingsOf(ch: string): readonly string[] {
  let r = charReadings.get(ch);
  if (!r) {
    r = [...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).map(fuzzySyllable))];
    charReadings.set(ch, r);
  }
  return r;
}

/** The pinyin keys of a term under every combination of its characters' readings (at most 16). */
function readings(chars: readonly string[]): string[] {
  let keys = [''];
  for (const ch of chars) {
    const next: string[] = [];
    for (const k of keys) for (const r of readingsOf(ch)) next.push(k === '' ? r : `${k} ${r}`);
    keys = next.slice(0, 16);
  }
  return keys;
}

const INITIAL = /^(?:[zcs]h?|[bpmfdtnlgkhjqxrwy])/u;

/** Two characters with a reading that shares its initial or its final. */
function soundsClose(a: string, b: string): boolean {
  for (const x of readingsOf(a)) {
    for (const y of readingsOf(b)) {
      const [ix, iy] = [INITIAL.exec(x)?.[0] ?? '', INITIAL.exec(y)?.[0] ?? ''];
      if (ix === iy || x.slice(ix.length) === y.slice(iy.length)) return true;
    }
  }
  return false;
}

function wildcard(chars: readonly string[], at: number): string {
  return chars.map((c, i) => (i === at ? '*' : c)).join('');
}

function add(map: Map<string, string[]>, key: string, term: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [term]);
  else if (!list.includes(term)) list.push(term);
}

/** Longest word, in syllables, that a pinyin reading looks up. */
const MAX_WORD_SYLLABLES = 6;
/** Cost of a syllable left in letters: more than any word, so a word is always preferred. */
const UNREAD_SYLLABLE_COST = 3;
/** Extra cost of a word read only through a dialect merge (shi read as si: 意思 for yishi). */
const MERGED_COST = 0.25;
/** A message is read as pinyin only when at least this share of its syllables become words. */
const MIN_READ_SHARE = 0.5;
/** Latin-letter words and the separators between them, nothing else. */
const LATIN_TEXT = /^[a-z\s,，.。?？!！、]+$/u;

/**
 * The pinyin a message is typed in, one entry per space-separated run, or undefined when the message
 * is not wholly toneless pinyin: a cheap test, made before any reader is built.
 */
export function typedPinyin(text: string): string[] | undefined {
  const lower = text.normalize('NFKC').toLowerCase().trim();
  if (!LATIN_TEXT.test(lower)) return undefined;
  const typed = lower.split(/[^a-z]+/u).filter(Boolean);
  return typed.length > 0 && typed.every(isPinyin) ? typed : undefined;
}

interface Reading {
  cost: number;
  pieces: string[];
  read: number;
  total: number;
}

/**
 * Reads a message typed wholly in toneless pinyin (minzhu jizhongzhi zai di ji tiao) as Han text
 * (民主集中制在第几条), so that every later step (framing, look-ups, retrieval) sees what the
 * member meant. A pinyin input method without tones: the syllables are split every possible way,
 * and the cheapest reading wins, each word costing about 1 (fewer, longer words win; the caller
 * sets each word's cost); of several words with one reading, the one of highest `priority` is
 * read. Spaces typed between words are ignored, as members split words anywhere. A character's
 * reading in context counts as exact; its other readings (么 as yao) and the dialect merges
 * (shi as si) cost MERGED_COST more.
 */
export class PinyinReader {
  /** Exact toneless readings → the cheapest word; and the same under the dialect merges. */
  private readonly exact = new Map<string, ReaderWord>();
  private readonly merged = new Map<string, ReaderWord>();

  /** `words`: each word with its cost (about 1) and its priority among words read alike. */
  constructor(words: Iterable<ReaderWord>) {
    for (const w of words) {
      const chars = [...w.word];
      if (chars.length === 0 || chars.length > MAX_WORD_SYLLABLES || !chars.every((c) => /\p{Script=Han}/u.test(c))) continue;
      keep(this.exact, syllables(w.word).join(' ').replace(/ü/gu, 'v'), w);
      for (const key of readings(chars)) keep(this.merged, key, { ...w, cost: w.cost + MERGED_COST });
    }
  }

  /** The Han reading of a message made only of pinyin words, or undefined when it is not one. */
  read(text: string): string | undefined {
    const typed = typedPinyin(text);
    if (typed === undefined) return undefined;
    const letters = typed.join('');
    // best[i]: the cheapest reading of letters[0..i).
    const best: (Reading | undefined)[] = [{ cost: 0, pieces: [], read: 0, total: 0 }];
    for (let i = 0; i < letters.length; i++) {
      const from = best[i];
      if (!from) continue;
      for (const run of syllableRuns(letters, i, MAX_WORD_SYLLABLES)) {
        const end = i + run.join('').length;
        const found = cheaper(this.exact.get(run.join(' ')), this.merged.get(run.map(fuzzySyllable).join(' ')));
        const next: Reading | undefined = found
          ? { cost: from.cost + found.cost, pieces: [...from.pieces, found.word], read: from.read + run.length, total: from.total + run.length }
          : run.length === 1
            ? { cost: from.cost + UNREAD_SYLLABLE_COST, pieces: [...from.pieces, ` ${run[0] ?? ''} `], read: from.read, total: from.total + 1 }
            : undefined;
        const had = best[end];
        if (next && (!had || next.cost < had.cost)) best[end] = next;
      }
    }
    const done = best[letters.length];
    if (!done || done.read < done.total * MIN_READ_SHARE) return undefined;
    return done.pieces.join('').replace(/\s+/gu, ' ').trim();
  }
}

export interface ReaderWord {
  word: string;
  cost: number;
  priority: number;
}

/** The cheaper of two readings (the exact one on a tie). */
function cheaper(a: ReaderWord | undefined, b: ReaderWord | undefined): ReaderWord | undefined {
  return !a || (b && b.cost < a.cost) ? b : a;
}

function keep(map: Map<string, ReaderWord>, key: string, w: ReaderWord): void {
  const had = map.get(key);
  if (!had || w.priority > had.priority) map.set(key, w);
}

/** The runs of one to `max` pinyin syllables that start at `at` in `letters`. */
function syllableRuns(letters: string, at: number, max: number): string[][] {
  const out: string[][] = [];
  const walk = (from: number, run: string[]): void => {
    if (run.length > 0) out.push(run);
    if (run.length === max) return;
    for (let end = from + 1; end <= Math.min(letters.length, from + MAX_SYLLABLE); end++) {
      const syl = letters.slice(from, end);
      if (SYLLABLE.test(syl)) walk(end, [...run, syl]);
    }
  };
  walk(at, []);
  return out;
}
