// Retrieval over the knowledge items: MiniSearch (BM25+) with our own Chinese tokenizer (it indexes
// the items and scores every indexed term at build; queries are ranked from those scores, see
// rank()), query expansion by synonyms and sub-words, and a confidence measure used to refuse out-of-scope
// questions: the IDF-weighted share of the query's content words that the best item matches.
// Words the index has never seen (天气, 报销, 党费…) weigh as much as the rarest known word, so a
// question that is mostly about something else gets a low confidence whatever its best score.
import MiniSearch from 'minisearch';
import type { KbItem } from './items.js';
import { DOMAIN_TERMS, FRAME_WORDS, GLOSS_TERMS, INTENT_WORDS, MEANINGFUL_SINGLES, NOTICE_WORDS, OUT_OF_SCOPE_TERMS, STOPWORDS, SYNONYMS } from './lexicon.js';
import {
  GENERAL_IDF_CAP,
  commonWords,
  generalIdf,
  isCommonWord,
  indexTokens,
  isContentToken,
  jieba,
  longUserWords,
  queryTokens,
  subTokens,
  taggedTokens,
  type TaggedToken,
} from './segment.js';
import { isPinyin, PinyinReader, typedPinyin, SpellingIndex, syllables, type ReaderWord } from './spelling.js';
import { isOutOfScope, relatedWords } from './thesaurus.js';
import { chineseNumeral } from './numerals.js';

// The scoring constants below are alike in shape only to answerer.ts's decision constants
// (`duplicates` pairs them): each is its own calibrated number, documented where it is used.

/** Field weights: an item's topic keywords and title say more than a word deep in its text. */
export const FIELD_BOOST = { title: 2, keywords: 1.6, gloss: 1.2, text: 1 } as const;
/** Query-term weights by how the term was derived from what the member typed. */
export const TERM_BOOST = { exact: 1, synonym: 0.8, related: 0.6, sub: 0.35 } as const;
/** Coverage credit of a word matched through the thesaurus (a related word, not the same one). */
const RELATED_CREDIT = 0.8;
/** Coverage credit for a query word matched only through one of its sub-words. */
const SUB_CREDIT = 0.5;
/** …and an unknown compound whose every character is in a matched sub-word (咨询电话: 咨询 + 电话). */
const TILED_CREDIT = 0.85;
/**
 * An unknown word weighs in proportion to how specific it is in general Chinese (jieba's corpus
 * IDF): everyday words (不要 4.9, 位置 5.7) barely count, topical ones (食堂 8.5, 党费 11.5) count
 * fully. Between GENERAL_IDF_LOW and GENERAL_IDF_HIGH the scale is linear.
 */
const GENERAL_IDF_LOW = 4.5;
const GENERAL_IDF_HIGH = GENERAL_IDF_CAP;
const UNKNOWN_FLOOR = 0.1;
/**
 * A hit is anchored when it matches, exactly or by synonym, a query word that names a topic: not an
 * intent word, rare in the notice (in at most ANCHOR_MAX_DF items) and specific in general Chinese
 * (corpus IDF ≥ ANCHOR_MIN_GENERAL_IDF, so not 条件 or 地方). Anchored hits get ANCHOR_BONUS: a
 * question about 换届 stays answerable when it also says 超期, while "学会年检材料怎么报", which
 * only shares 材料 and 报 with the submission rule, does not.
 */
const ANCHOR_MAX_DF = 3;
const ANCHOR_MIN_GENERAL_IDF = 6.5;
const ANCHOR_BONUS = 0.15;

/** How many BM25 results are re-ranked by coverage, and the coverage difference that counts as a tie. */
const RERANK_DEPTH = 12;
/** Ordinals the pinyin reader reads as one word: 第一 to 第二十五, alone or with a unit (条, 项…). */
const CRITERION_ORDINALS = 25;
const ORDINAL_UNITS = ['', '条', '项', '个', '点', '阶段'] as const;
const COVERAGE_TIE = 0.05;

/** Words that only say what kind of answer is wanted (lexicon INTENT_WORDS) weigh this much. */
const INTENT_WORD_FACTOR = 0.5;

type Derivation = keyof typeof TERM_BOOST;

/** Whether the sub-words of a compound for which `has` holds cover all of its characters. */
function tiledBy(token: string, terms: ReadonlyMap<string, Derivation>, has: (term: string) => boolean): boolean {
  const covered = new Array<boolean>(token.length).fill(false);
  for (const [t, how] of terms) {
    if (how !== 'sub' || !has(t)) continue;
    for (let at = token.indexOf(t); at >= 0; at = token.indexOf(t, at + 1)) covered.fill(true, at, at + t.length);
  }
  return covered.every(Boolean);
}

/** A word made of a question word and a measure or a suffix (哪几个, 哪些个, 多少个, 什么样, 啥样子). */
const ASKING = /^(?:哪|几|多少|什么|啥|咋|怎)(?:几|些|一)?(?:个|种|项|样|类|位|次|条|件|块|点|方面|样子|样的)?$/u;
/** 的 inside a word (干的事, 做的事). */
const INNER_DE = /^\p{Script=Han}+的\p{Script=Han}+$/u;
/** A word that is one character said twice (问问, 瞅瞅). */
const DOUBLED = /^(\p{Script=Han})\1$/u;
/** Analyses kept for reuse (a message's clauses and its follow-up reading ask for the same texts). */
const ANALYSES_KEPT = 64;

/**
 * An unknown word's weight also depends on its part of speech (jieba's tagger): an unknown noun
 * (党费, 年检) is a strong sign that the question is about something else; an unknown verb, adjective
 * or time word says less; pronouns, adverbs, numerals and particles (这会儿, 刚, 一下) almost nothing.
 */
export function partOfSpeechFactor(tag: string): number {
  if (/^(?:n|vn|an|j|eng|nz|l|i)/u.test(tag)) return 1;
  if (/^t/u.test(tag)) return 0.8;
  if (/^(?:v|a)/u.test(tag)) return 0.5;
  return 0.15;
}

/** A word of Latin letters (pinyin typed without an input method, or English). */
const LATIN = /^[A-Za-z]+$/u;
/** At most this many Latin words are read as one pinyin term (jiao gei shui → 交给谁). */
const MAX_LATIN_WORDS = 6;
/** The tag of a leftover pinyin syllable word: a particle's (see partOfSpeechFactor). */
const PINYIN_TAG = 'y';

/** The tag given to a corrected run (not a jieba tag). */
const REPAIRED_TAG = 'repaired';
/** Coverage credit of a corrected word: a guess, so less than a word as typed. */
const REPAIR_CREDIT = 0.8;
/** An unknown noun weighs at least this share of a fully unknown word, however common it is. */
const UNKNOWN_NOUN_FLOOR = 0.6;

/** Numerals, measure words, pronouns and adverbs (一次, 每位) say little even when the notice uses them. */
function knownWordFactor(tag: string): number {
  return /^(?:m|q|r|d|p|c|u|y|f)$/u.test(tag) ? 0.4 : 1;
}

/** Particles and the copula: never the edge of a misspelt term. */
const PARTICLES: ReadonlySet<string> = new Set(['是', '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '么', '地', '得', '着', '过']);

/**
 * Real words read together as one misheard index term (监视|会 → 监事会) only for terms this long:
 * two-character homophones of real words are everywhere (事业 ~ 视野), longer ones are not.
 */
const MIN_HOMOPHONE_CHARS = 3;

/** A misspelt run is corrected only when it is at most this many characters. */
const MAX_REPAIR_CHARS = 6;
/** A token this specific in general Chinese (or unknown to jieba's corpus) may be a misspelling. */
const RARE_GENERAL_IDF = 7.5;

/** Text made only of the characters jieba segments with its dictionary (its CJK ranges). */
const HAN_ONLY =
  /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2a6df}\u{2a700}-\u{2b73f}\u{2b740}-\u{2b81f}\u{2b820}-\u{2ceaf}\u{2ceb0}-\u{2ebef}\u{2f800}-\u{2fa1f}]+$/u;

/**
 * A stop word at the edge of a run read as a homophone is typed right or not part of the term: the
 * term keeps it there (建事|会 → 监事会), or the run swallowed a word that was typed right (没|提 is
 * not 媒体, 党|那 not 党内).
 */
function keepsStopEdges(run: readonly TaggedToken[], term: string): boolean {
  const first = run[0];
  const last = run[run.length - 1];
  if (run.length < 2 || !first || !last) return true;
  return (!STOPWORDS.has(first.word) || term.startsWith(first.word)) && (!STOPWORDS.has(last.word) || term.endsWith(last.word));
}

/** The indexed fields, in MiniSearch's order (their boosts are FIELD_BOOST). */
const FIELDS = ['title', 'keywords', 'gloss', 'text'] as const;

/** Where a term occurs in one field: items (ascending index) and MiniSearch's BM25 score for each. */
interface FieldPostings {
  boost: number;
  docs: number[];
  scores: number[];
}

/** An item's score for a query and the query terms it matched (as MiniSearch reports them). */
export interface Ranked {
  /** Index in SearchEngine.items. */
  doc: number;
  score: number;
  terms: string[];
}

interface IndexedDoc {
  id: string;
  title: string;
  keywords: string;
  gloss: string;
  text: string;
}

export interface QueryWord {
  token: string;
  /** IDF weight used for coverage. */
  weight: number;
  /** True when the index knows the word or one of its synonyms. */
  known: boolean;
  /** Terms searched for this word, with how they were derived (sub-words only when indexed). */
  terms: Map<string, Derivation>;
  /** True when the word is a correction of what was typed (spelling.ts): it matches with less credit. */
  repaired: boolean;
  /** jieba's part-of-speech tag (REPAIRED_TAG for a correction). */
  tag: string;
}

export interface Hit {
  item: KbItem;
  score: number;
  /** 0..1: IDF-weighted share of query words this item matches. */
  coverage: number;
  /** Query words the item matched. */
  matched: string[];
  /** True when the item matches a distinctive topic word of the query (see ANCHOR_*). */
  anchored: boolean;
  /** 0..1: coverage, plus ANCHOR_BONUS when anchored. Compared with the answerer's threshold. */
  confidence: number;
}

export interface SearchOutcome {
  words: readonly QueryWord[];
  hits: Hit[];
}

export interface SearchOptions {
  /** Only items for which this returns true. */
  filter?: (item: KbItem) => boolean;
  limit?: number;
}

export class SearchEngine {
  private readonly mini: MiniSearch<IndexedDoc>;
  private readonly byKey = new Map<string, KbItem>();
  private readonly df = new Map<string, number>();
  private readonly docCount: number;
  readonly unknownWeight: number;
  /** SYNONYMS with every phrase segmented once, at build: token → the terms it adds. */
  private readonly synonymTerms = new Map<string, readonly string[]>();
  /** Indexed Han terms of two or three characters that are jieba dictionary words (see subTerms). */
  private readonly ngramTerms = new Set<string>();
  /** The indexed user words of three or more characters (containedUserWords, see subTerms). */
  private readonly longUserWords: readonly string[];
  /** Per indexed term, its BM25 scores by field, taken from MiniSearch at build (see rank()). */
  private readonly postings = new Map<string, FieldPostings[]>();
  /** Index terms and synonym keys by pinyin and by one-character variants (see spelling.ts). */
  private readonly spelling: SpellingIndex;
  /** The latest analyses: one message is analysed whole, per clause and again as a follow-up. */
  private readonly analyses = new Map<string, readonly QueryWord[]>();
  /** Whole-pinyin messages → Han text (see readPinyin); built on the first such message. */
  private reader: PinyinReader | undefined;

  constructor(readonly items: readonly KbItem[]) {
    this.mini = new MiniSearch<IndexedDoc>({
      idField: 'id',
      fields: [...FIELDS],
      tokenize: (text) => indexTokens(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => text.split(' ').filter(Boolean),
        processTerm: (term) => term,
        boost: { ...FIELD_BOOST },
        combineWith: 'OR',
        prefix: false,
        fuzzy: false,
      },
    });
    const docs: IndexedDoc[] = items.map((it) => ({ id: it.key, title: it.title, keywords: it.keywords, gloss: it.gloss, text: it.text }));
    for (const it of items) {
      if (this.byKey.has(it.key)) throw new Error(`重复的知识条目 ${it.key}`);
      this.byKey.set(it.key, it);
    }
    this.mini.addAll(docs);
    const inField = { title: new Set<string>(), keywords: new Set<string>(), gloss: new Set<string>(), text: new Set<string>() };
    for (const d of docs) {
      const seen = new Set<string>();
      for (const field of FIELDS) {
        for (const t of indexTokens(d[field])) {
          seen.add(t);
          inField[field].add(t);
        }
      }
      for (const t of seen) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.docCount = docs.length;
    this.unknownWeight = this.idfOf(0);
    for (const [word, phrases] of Object.entries(SYNONYMS)) {
      this.synonymTerms.set(word, [...new Set(phrases.flatMap((p) => queryTokens(p)))]);
    }
    this.longUserWords = longUserWords().filter((w) => this.knows(w));
    const spellable = [...this.df.keys(), ...this.synonymTerms.keys()].filter((t) => HAN_ONLY.test(t) && !OUT_OF_SCOPE_TERMS.has(t));
    this.spelling = new SpellingIndex(spellable, OUT_OF_SCOPE_TERMS);
    const docIndex = new Map(items.map((it, i) => [it.key, i]));
    for (const term of this.df.keys()) {
      const n = [...term].length;
      if ((n === 2 || n === 3) && HAN_ONLY.test(term) && jieba().cutAll(term).includes(term)) this.ngramTerms.add(term);
      const byField: FieldPostings[] = [];
      for (const field of FIELDS) {
        if (!inField[field].has(term)) continue;
        // One term, one field, boosts of 1: MiniSearch's score is the term's plain BM25 score there.
        const found = this.mini.search(term, { fields: [field], boost: { [field]: 1 }, boostTerm: () => 1 });
        // MiniSearch meets the items of one term and field in the order they were added.
        const entries = found.map((r) => [docIndex.get(String(r.id)) ?? -1, r.score] as const).sort((a, b) => a[0] - b[0]);
        if (entries.length === 0) continue;
        byField.push({ boost: FIELD_BOOST[field], docs: entries.map((e) => e[0]), scores: entries.map((e) => e[1]) });
      }
      this.postings.set(term, byField);
    }
  }

  /** Whether a term occurs in any item. */
  knows(term: string): boolean {
    return this.df.has(term);
  }

  /** Every indexed term (for tests of the synonym table). */
  vocabulary(): ReadonlySet<string> {
    return new Set(this.df.keys());
  }

  /** How many items a query word matches through its exact or synonym terms (the most for one term). */
  itemsUsing(word: QueryWord): number {
    let most = 0;
    for (const [t, how] of word.terms) if (how !== 'sub') most = Math.max(most, this.df.get(t) ?? 0);
    return most;
  }

  item(key: string): KbItem | undefined {
    return this.byKey.get(key);
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  idf(term: string): number {
    return this.idfOf(this.df.get(term) ?? 0);
  }

  private isAnchor(token: string, term: string): boolean {
    if (INTENT_WORDS.has(token)) return false;
    const df = this.df.get(term) ?? 0;
    return df > 0 && df <= ANCHOR_MAX_DF && generalIdf(token) >= ANCHOR_MIN_GENERAL_IDF;
  }

  /** Weight of an unknown query word: its general specificity times its part of speech's factor. */
  unknownWeightOf(token: string, tag: string): number {
    if (isOutOfScope(token)) return this.unknownWeight;
    const factor = partOfSpeechFactor(tag);
    const w = this.unknownWordWeight(token);
    return factor === 1 ? Math.max(w, this.unknownWeight * UNKNOWN_NOUN_FLOOR) : w * factor;
  }

  /** Weight of a word the index has never seen (see GENERAL_IDF_LOW). */
  unknownWordWeight(token: string): number {
    const g = generalIdf(token);
    const scale = Math.min(1, Math.max(UNKNOWN_FLOOR, (g - GENERAL_IDF_LOW) / (GENERAL_IDF_HIGH - GENERAL_IDF_LOW)));
    return this.unknownWeight * scale;
  }

  /**
   * The indexed terms among subTokens(token), in the same order, without asking jieba: for a Han
   * token, its two- and three-character substrings that are indexed dictionary words (what jieba's
   * search mode emits), then the user words it contains. Sub-words the index lacks are left out:
   * they can neither match nor weigh.
   */
  subTerms(token: string): string[] {
    if (!HAN_ONLY.test(token)) return subTokens(token).filter((t) => this.knows(t));
    const chars = [...token];
    if (isOutOfScope(token) || chars.length < 3) return [];
    const out = new Set<string>();
    for (let i = 0; i + 2 <= chars.length; i++) {
      const g = `${chars[i]}${chars[i + 1]}`;
      if (this.ngramTerms.has(g)) out.add(g);
    }
    if (chars.length > 3) {
      for (let i = 0; i + 3 <= chars.length; i++) {
        const g = `${chars[i]}${chars[i + 1]}${chars[i + 2]}`;
        if (this.ngramTerms.has(g)) out.add(g);
      }
    }
    if (chars.length >= 4) for (const w of this.longUserWords) if (w !== token && token.includes(w)) out.add(w);
    return [...out];
  }

  /** Whether the engine can do anything with a token: indexed, a synonym key, or a known out-of-scope term. */
  private understands(word: string): boolean {
    return this.knows(word) || this.synonymTerms.has(word) || isOutOfScope(word);
  }

  /**
   * A token that may be part of a misspelt word: a Han token the engine does not understand that is
   * a single character (jieba's leftovers) or a word rare in general Chinese (书纪), never a frequent
   * real word (认证 is not a typo of 认真).
   */
  private isWeak(t: TaggedToken): boolean {
    if (!HAN_ONLY.test(t.word) || this.understands(t.word) || STOPWORDS.has(t.word)) return false;
    return [...t.word].length === 1 || (generalIdf(t.word) >= RARE_GENERAL_IDF && !isCommonWord(t.word));
  }

  /**
   * Replaces misspelt runs of tokens by the index term they sound like (章成 → 章程, 会张 → 会长) or
   * differ from by one character (社会工做师 → 社会工作师). A run must contain a weak token and be
   * all Han; the longest correction wins, left to right.
   */
  repair(typed: readonly TaggedToken[]): TaggedToken[] {
    const tokens = this.fromLatin(typed);
    if (!tokens.some((t) => this.isWeak(t) || this.isUnknownWord(t))) return [...tokens];
    const chars = tokens.map((t) => [...t.word].length);
    // One pinyin call per question (context-aware readings), sliced per run.
    const starts: number[] = [];
    let at = 0;
    for (const c of chars) {
      starts.push(at);
      at += c;
    }
    const sound = syllables(tokens.map((t) => t.word).join(''));
    const out: TaggedToken[] = [];
    let i = 0;
    while (i < tokens.length) {
      let fixed: { word: string; next: number } | undefined;
      let n = 0;
      let end = i;
      while (end < tokens.length && n + (chars[end] ?? 0) <= MAX_REPAIR_CHARS) n += chars[end++] ?? 0;
      for (let j = end; j > i && !fixed; j--) {
        const run = tokens.slice(i, j);
        const len = run.reduce((s, t) => s + [...t.word].length, 0);
        if (len < 2 || !run.every((t) => HAN_ONLY.test(t.word))) continue;
        // A run of real words sounding exactly like a longer index term (监视|会 → 监事会).
        const homophone = !run.some((t) => this.isWeak(t));
        if (homophone && (len < MIN_HOMOPHONE_CHARS || run.length < 2 || !run.some((t) => this.isUnknownWord(t)))) continue;
        const text = run.map((t) => t.word).join('');
        if (run.length === 1 && this.understands(text)) continue;
        const from = starts[i] ?? 0;
        const word = homophone ? this.homophone(text, run, sound.slice(from, from + len)) : this.correction(text, run, sound.slice(from, from + len));
        if (word) fixed = { word, next: j };
      }
      if (fixed) {
        out.push({ word: fixed.word, tag: REPAIRED_TAG });
        i = fixed.next;
      } else {
        out.push(tokens[i] as TaggedToken);
        i++;
      }
    }
    return out;
  }

  /**
   * Pinyin typed in Latin letters (lianxiren shi shei, dangfei): the longest run of Latin words that
   * spells an index term (or an out-of-scope term) becomes that term; a leftover word that is
   * only pinyin (shi, shei) weighs like a particle, being a function word typed in letters.
   */
  private fromLatin(tokens: readonly TaggedToken[]): readonly TaggedToken[] {
    if (!tokens.some((t) => LATIN.test(t.word) && !this.understands(t.word))) return tokens;
    const out: TaggedToken[] = [];
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i] as TaggedToken;
      if (!LATIN.test(t.word) || this.understands(t.word)) {
        out.push(t);
        i++;
        continue;
      }
      // Latin words of this run (spaces between them are tokens of their own).
      const run: number[] = [];
      for (let j = i; j < tokens.length && run.length < MAX_LATIN_WORDS; j++) {
        const w = (tokens[j] as TaggedToken).word;
        if (LATIN.test(w)) run.push(j);
        else if (w.trim() !== '') break;
      }
      let fixed: { word: string; next: number } | undefined;
      for (let n = run.length; n > 0 && !fixed; n--) {
        const letters = run.slice(0, n).map((j) => (tokens[j] as TaggedToken).word).join('');
        const terms = this.spelling.fromLatin(letters);
        if (terms.length > 0) fixed = { word: this.mostSpecific(terms), next: (run[n - 1] as number) + 1 };
      }
      // A word of initials only (zjc, shyk): the one index term they abbreviate.
      const abbreviated = fixed ? undefined : this.spelling.fromInitials(t.word);
      if (abbreviated !== undefined) fixed = { word: abbreviated, next: i + 1 };
      if (fixed) {
        out.push({ word: fixed.word, tag: REPAIRED_TAG });
        i = fixed.next;
      } else {
        out.push(isPinyin(t.word) ? { word: t.word, tag: PINYIN_TAG } : t);
        i++;
      }
    }
    return out;
  }

  /**
   * A Han word the engine does not understand, not a stop word: in a run of real words it may be
   * part of a misheard term (监视 in 监视会).
   */
  private isUnknownWord(t: TaggedToken): boolean {
    return HAN_ONLY.test(t.word) && [...t.word].length >= 2 && !this.understands(t.word) && !STOPWORDS.has(t.word);
  }

  /** The index term of MIN_HOMOPHONE_CHARS or more that a run of real words sounds like, if any. */
  private homophone(text: string, run: readonly TaggedToken[], sound: readonly string[]): string | undefined {
    if ([run[0], run[run.length - 1]].some((t) => t !== undefined && PARTICLES.has(t.word)) || isCommonWord(text)) return undefined;
    const alike = this.spelling.soundsLike(text, sound).filter((t) => [...t].length >= MIN_HOMOPHONE_CHARS && keepsStopEdges(run, t));
    return alike.length > 0 ? this.mostSpecific(alike) : undefined;
  }

  private correction(text: string, run: readonly TaggedToken[], sound: readonly string[]): string | undefined {
    if (run.length > 1 && this.understands(text)) return text;
    /** Whether the run starts or ends on one of `words`. */
    const edgedBy = (words: ReadonlySet<string>): boolean => [run[0], run[run.length - 1]].some((t) => t !== undefined && words.has(t.word));
    // A run ending or starting on a particle or the copula (十九大|是 → 大事) swallows a word typed
    // right; 会, 跟 and the like may still be part of a misspelt term (建事|会, 跟|会张).
    const alike = run.length > 1 && edgedBy(PARTICLES) ? [] : this.spelling.soundsLike(text, sound).filter((t) => keepsStopEdges(run, t));
    if (alike.length > 0) return this.mostSpecific(alike);
    // One character off: only for runs mostly made of weak tokens and not edged by function words.
    const weakChars = run.filter((t) => this.isWeak(t)).reduce((s, t) => s + [...t.word].length, 0);
    if (weakChars * 2 < [...text].length || edgedBy(STOPWORDS)) return undefined;
    const near = this.spelling.oneCharOff(text);
    return near.length > 0 ? this.mostSpecific(near) : undefined;
  }

  /**
   * A message typed wholly in toneless pinyin (dangzhibu shuji shi shei), read as Han text over the
   * words the engine and the lexicon know, or undefined when the message is not pinyin. Function
   * words rank first (they are what members type most: 意思 before 意识), then index terms by how
   * many items use them, then the other lexicon words and out-of-scope terms, then the common words
   * of general Chinese (多少, 事情), the commonest first.
   */
  readPinyin(text: string): string | undefined {
    // Every message passes here: the reader (its word table) is built only once one is pinyin.
    if (typedPinyin(text) === undefined) return undefined;
    this.reader ??= new PinyinReader(this.readerWords());
    return this.reader.read(text);
  }

  private *readerWords(): Iterable<ReaderWord> {
    // Costs (see PinyinReader): about 1 a word, so that fewer words win, and lower the commoner
    // the word is in general Chinese (its corpus IDF: zhibu yao is 支部要, not 指不要; lianxiren shi
    // shei is 联系人是谁, not 联系人士谁); the index's and the lexicon's words never cost more than
    // KNOWN_COST. Among words read alike: the lexicon's function words (意思 before 意识), index
    // terms by how many items use them, the other lexicon words, common words by corpus IDF.
    const common = commonWords();
    const KNOWN_COST = 0.95;
    const costOf = (w: string, cap: number): number => Math.min(cap, 0.6 + (common.get(w) ?? GENERAL_IDF_CAP) / 10);
    const functionWords = [...new Set([...STOPWORDS, ...FRAME_WORDS, ...INTENT_WORDS, ...NOTICE_WORDS, ...MEANINGFUL_SINGLES])];
    for (const w of functionWords) yield { word: w, cost: costOf(w, KNOWN_COST), priority: 4 };
    // Ordinals as one word (di shi wu tiao is 第十五条, not 的食物条): up to the last criterion.
    for (let n = 1; n <= CRITERION_ORDINALS; n++) {
      for (const unit of ORDINAL_UNITS) yield { word: `第${chineseNumeral(n)}${unit}`, cost: KNOWN_COST, priority: 4 };
    }
    for (const [t, df] of this.df) yield { word: t, cost: costOf(t, KNOWN_COST), priority: 3 + df / this.docCount };
    for (const w of [...this.synonymTerms.keys(), ...DOMAIN_TERMS, ...GLOSS_TERMS, ...OUT_OF_SCOPE_TERMS]) yield { word: w, cost: costOf(w, KNOWN_COST), priority: 2 };
    for (const [w, idf] of common) yield { word: w, cost: costOf(w, Infinity), priority: 1 - idf / GENERAL_IDF_CAP / 2 };
  }

  /** Of several candidate terms, the one fewest items use. */
  private mostSpecific(terms: readonly string[]): string {
    return [...terms].sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0))[0] as string;
  }

  /** Segments a question into content words and the terms searched for each (read-only: shared by later calls). */
  analyze(question: string): readonly QueryWord[] {
    const kept = this.analyses.get(question);
    if (kept) return kept;
    const words = this.analyzeAfresh(question);
    if (this.analyses.size >= ANALYSES_KEPT) this.analyses.delete(this.analyses.keys().next().value as string);
    this.analyses.set(question, words);
    return words;
  }

  private analyzeAfresh(question: string): QueryWord[] {
    const words: QueryWord[] = [];
    const seen = new Set<string>();
    for (const { word: token, tag: jiebaTag } of this.repair(taggedTokens(question))) {
      // Words the index does not know that only ask (哪几个, 什么样) or are said casually (问问, 看看: a
      // doubled character, or an adverb such as 常常) weigh as function words, whatever jieba tags them.
      // A phrase jieba's unknown-word model joined around 的 (干的事) is no word either.
      const tag = this.knows(token) ? jiebaTag : ASKING.test(token) ? 'r' : DOUBLED.test(token) ? 'd' : INNER_DE.test(token) ? 'u' : jiebaTag;
      if (!isContentToken(token) || FRAME_WORDS.has(token) || seen.has(token)) continue;
      seen.add(token);
      const terms = new Map<string, Derivation>([[token, 'exact']]);
      const synonyms = this.synonymTerms.get(token) ?? [];
      for (const t of synonyms) if (!terms.has(t)) terms.set(t, 'synonym');
      // The thesaurus only for words neither the index nor the synonym table knows.
      if (synonyms.length === 0 && !this.knows(token)) for (const t of relatedWords(token)) if (this.knows(t) && !terms.has(t)) terms.set(t, 'related');
      for (const t of this.subTerms(token)) if (!terms.has(t)) terms.set(t, 'sub');
      // A synonym's own sub-words count as sub-words (会长 → 学会负责人 → 负责人 in 非党员负责人).
      for (const syn of synonyms) for (const t of this.subTerms(syn)) if (!terms.has(t)) terms.set(t, 'sub');
      let weight = 0;
      let known = false;
      for (const [t, how] of terms) {
        if (how === 'sub' || !this.knows(t)) continue;
        known = true;
        weight = Math.max(weight, this.idf(t));
      }
      // An unknown compound made wholly of indexed words (咨询电话: 咨询 + 电话) is known by its parts.
      if (!known && !isOutOfScope(token) && tiledBy(token, terms, () => true)) {
        known = true;
        for (const [t, how] of terms) if (how === 'sub') weight = Math.max(weight, this.idf(t));
      }
      const base = known ? weight * knownWordFactor(tag) : this.unknownWeightOf(token, tag);
      words.push({ token, weight: INTENT_WORDS.has(token) ? base * INTENT_WORD_FACTOR : base, known, terms, repaired: tag === REPAIRED_TAG, tag });
    }
    return words;
  }

  /** The terms to search for, each with the highest boost of the ways it was derived. */
  termBoosts(words: readonly QueryWord[]): Map<string, number> {
    const boosts = new Map<string, number>();
    for (const w of words) {
      for (const [t, how] of w.terms) {
        if (!this.knows(t)) continue;
        boosts.set(t, Math.max(boosts.get(t) ?? 0, TERM_BOOST[how]));
      }
    }
    return boosts;
  }

  /**
   * BM25+ ranking of the items for the given terms, exactly as MiniSearch's OR query with
   * boostTerm computes it (same sums in the same order, same ties), from the per-field scores
   * taken from MiniSearch at build. MiniSearch's own query path costs several object spreads and
   * a logarithm per term and document; this is a few map updates. rankWithMiniSearch() is the
   * reference (test/knowledge/engine.test.ts compares the two on every fixture text).
   */
  rank(boosts: ReadonlyMap<string, number>, filter?: (doc: number) => boolean): Ranked[] {
    const all = new Map<number, Ranked>();
    const ofTerm = new Map<number, number>();
    for (const [term, boost] of boosts) {
      // One term: its score in each item, fields in order, items in the order MiniSearch meets them.
      ofTerm.clear();
      for (const f of this.postings.get(term) ?? []) {
        const weight = boost * f.boost;
        for (let i = 0; i < f.docs.length; i++) {
          const doc = f.docs[i] as number;
          const score = weight * (f.scores[i] as number);
          const before = ofTerm.get(doc);
          ofTerm.set(doc, before === undefined ? score : before + score);
        }
      }
      // Combined with the terms before it (MiniSearch's OR): sums, matched terms, first-seen order.
      for (const [doc, score] of ofTerm) {
        const r = all.get(doc);
        if (!r) all.set(doc, { doc, score, terms: [term] });
        else {
          r.score = r.score + score;
          if (!r.terms.includes(term)) r.terms.push(term);
        }
      }
    }
    const out: Ranked[] = [];
    for (const r of all.values()) {
      r.score = r.score * (r.terms.length || 1);
      if (!filter || filter(r.doc)) out.push(r);
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** rank() through MiniSearch's own query path: the reference for tests. */
  rankWithMiniSearch(boosts: ReadonlyMap<string, number>, filter?: (doc: number) => boolean): Ranked[] {
    const docIndex = (id: unknown): number => this.items.findIndex((it) => it.key === String(id));
    return this.mini
      .search([...boosts.keys()].join(' '), {
        boostTerm: (term) => boosts.get(term) ?? 1,
        ...(filter ? { filter: (r) => filter(docIndex(r.id)) } : {}),
      })
      .map((r) => ({ doc: docIndex(r.id), score: r.score, terms: r.queryTerms }));
  }

  search(question: string, options: SearchOptions = {}): SearchOutcome {
    return this.searchWords(this.analyze(question), options);
  }

  searchWords(words: readonly QueryWord[], options: SearchOptions = {}): SearchOutcome {
    const boosts = this.termBoosts(words);
    if (boosts.size === 0) return { words, hits: [] };
    const filter = options.filter;
    const keep = filter
      ? (doc: number): boolean => {
          const it = this.items[doc];
          return it !== undefined && filter(it);
        }
      : undefined;
    const results = this.rank(boosts, keep);
    const total = words.reduce((s, w) => s + w.weight, 0);
    const hits: Hit[] = [];
    for (const r of results.slice(0, Math.max(RERANK_DEPTH, options.limit ?? 8))) {
      const item = this.items[r.doc];
      if (!item) continue;
      const matchedTerms = new Set<string>(r.terms);
      let got = 0;
      const matched: string[] = [];
      let anchored = false;
      for (const w of words) {
        let credit = 0;
        for (const [t, how] of w.terms) {
          if (!matchedTerms.has(t)) continue;
          credit = Math.max(credit, how === 'sub' ? SUB_CREDIT : how === 'related' ? RELATED_CREDIT : w.repaired ? REPAIR_CREDIT : 1);
          if ((how === 'exact' || how === 'synonym') && !w.repaired && this.isAnchor(w.token, t)) anchored = true;
        }
        if (credit === SUB_CREDIT && !this.knows(w.token) && tiledBy(w.token, w.terms, (t) => matchedTerms.has(t))) credit = TILED_CREDIT;
        if (credit > 0) matched.push(w.token);
        got += credit * w.weight;
      }
      const coverage = total > 0 ? got / total : 0;
      const confidence = Math.min(1, coverage + (anchored ? ANCHOR_BONUS : 0));
      hits.push({ item, score: r.score, coverage, matched, anchored, confidence });
    }
    // BM25 (with its field and topic-word boosts) decides only between items that cover about the
    // same share of the question: the first item within COVERAGE_TIE of the best coverage leads.
    const best = hits.reduce((m, h) => Math.max(m, h.coverage), 0);
    const lead = hits.findIndex((h) => h.coverage >= best - COVERAGE_TIE);
    if (lead > 0) hits.unshift(...hits.splice(lead, 1));
    return { words, hits: hits.slice(0, options.limit ?? 8) };
  }
}
