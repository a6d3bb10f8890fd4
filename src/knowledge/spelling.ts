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

/** The dialect merges members' spelling shows: zh/ch/sh → z/c/s, ing/eng → in/en. */
export function fuzzySyllable(s: string): string {
  return s
    .replace(/^([zcs])h/u, '$1')
    .replace(/ing$/u, 'in')
    .replace(/eng$/u, 'en');
}

export class SpellingIndex {
  private readonly byPinyin = new Map<string, string[]>();
  private readonly byWildcard = new Map<string, string[]>();
  /** Terms only reachable from pinyin typed in Latin letters (out-of-scope words: dangfei → 党费). */
  private readonly latinOnly = new Map<string, string[]>();

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
      for (const key of readings(chars)) add(this.byPinyin, key, term);
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
