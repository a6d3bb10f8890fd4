// Retrieval over the knowledge items: MiniSearch (BM25+) with our own Chinese tokenizer, query
// expansion by synonyms and sub-words, and a confidence measure used to refuse out-of-scope
// questions: the IDF-weighted share of the query's content words that the best item matches.
// Words the index has never seen (天气, 报销, 党费…) weigh as much as the rarest known word, so a
// question that is mostly about something else gets a low confidence whatever its best score.
import MiniSearch from 'minisearch';
import type { KbItem } from './items.js';
import { INTENT_WORDS, SYNONYMS } from './lexicon.js';
import { generalIdf, indexTokens, queryTokens, subTokens } from './segment.js';

/** Field weights: an item's topic keywords and title say more than a word deep in its text. */
export const FIELD_BOOST = { title: 2, keywords: 1.6, text: 1 } as const;
/** Query-term weights by how the term was derived from what the member typed. */
export const TERM_BOOST = { exact: 1, synonym: 0.8, sub: 0.35 } as const;
/** Coverage credit for a query word matched only through one of its sub-words. */
const SUB_CREDIT = 0.5;
/**
 * An unknown word weighs in proportion to how specific it is in general Chinese (jieba's corpus
 * IDF): everyday words (不要 4.9, 位置 5.7) barely count, topical ones (食堂 8.5, 党费 11.5) count
 * fully. Between GENERAL_IDF_LOW and GENERAL_IDF_HIGH the scale is linear.
 */
const GENERAL_IDF_LOW = 4.5;
const GENERAL_IDF_HIGH = 8;
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

/** Words that only say what kind of answer is wanted (lexicon INTENT_WORDS) weigh this much. */
const INTENT_WORD_FACTOR = 0.5;

type Derivation = keyof typeof TERM_BOOST;

interface IndexedDoc {
  id: string;
  title: string;
  keywords: string;
  text: string;
}

export interface QueryWord {
  token: string;
  /** IDF weight used for coverage. */
  weight: number;
  /** True when the index knows the word or one of its synonyms. */
  known: boolean;
  /** Terms searched for this word, with how they were derived. */
  terms: Map<string, Derivation>;
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
  /** 0..1: coverage, plus ANCHOR_BONUS when anchored. Compared with the brain's threshold. */
  confidence: number;
}

export interface SearchOutcome {
  words: QueryWord[];
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

  constructor(readonly items: readonly KbItem[]) {
    this.mini = new MiniSearch<IndexedDoc>({
      idField: 'id',
      fields: ['title', 'keywords', 'text'],
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
    const docs: IndexedDoc[] = items.map((it) => ({ id: it.key, title: it.title, keywords: it.keywords, text: it.text }));
    for (const it of items) {
      if (this.byKey.has(it.key)) throw new Error(`重复的知识条目 ${it.key}`);
      this.byKey.set(it.key, it);
    }
    this.mini.addAll(docs);
    for (const d of docs) {
      const seen = new Set([...indexTokens(d.title), ...indexTokens(d.keywords), ...indexTokens(d.text)]);
      for (const t of seen) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.docCount = docs.length;
    this.unknownWeight = this.idfOf(0);
  }

  /** Whether a term occurs in any item. */
  knows(term: string): boolean {
    return this.df.has(term);
  }

  /** Every indexed term (for tests of the synonym table). */
  vocabulary(): ReadonlySet<string> {
    return new Set(this.df.keys());
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

  /** Weight of a word the index has never seen (see GENERAL_IDF_LOW). */
  unknownWordWeight(token: string): number {
    const g = generalIdf(token);
    const scale = Math.min(1, Math.max(UNKNOWN_FLOOR, (g - GENERAL_IDF_LOW) / (GENERAL_IDF_HIGH - GENERAL_IDF_LOW)));
    return this.unknownWeight * scale;
  }

  /** Segments a question into content words and the terms searched for each. */
  analyze(question: string): QueryWord[] {
    const words: QueryWord[] = [];
    const seen = new Set<string>();
    for (const token of queryTokens(question)) {
      if (seen.has(token)) continue;
      seen.add(token);
      const terms = new Map<string, Derivation>([[token, 'exact']]);
      for (const phrase of SYNONYMS[token] ?? []) {
        for (const t of queryTokens(phrase)) if (!terms.has(t)) terms.set(t, 'synonym');
      }
      for (const t of subTokens(token)) if (!terms.has(t)) terms.set(t, 'sub');
      let weight = 0;
      let known = false;
      for (const [t, how] of terms) {
        if (how === 'sub' || !this.knows(t)) continue;
        known = true;
        weight = Math.max(weight, this.idf(t));
      }
      const base = known ? weight : this.unknownWordWeight(token);
      words.push({ token, weight: INTENT_WORDS.has(token) ? base * INTENT_WORD_FACTOR : base, known, terms });
    }
    return words;
  }

  search(question: string, options: SearchOptions = {}): SearchOutcome {
    return this.searchWords(this.analyze(question), options);
  }

  searchWords(words: QueryWord[], options: SearchOptions = {}): SearchOutcome {
    const boosts = new Map<string, number>();
    for (const w of words) {
      for (const [t, how] of w.terms) {
        if (!this.knows(t)) continue;
        boosts.set(t, Math.max(boosts.get(t) ?? 0, TERM_BOOST[how]));
      }
    }
    if (boosts.size === 0) return { words, hits: [] };
    const filter = options.filter;
    const results = this.mini.search([...boosts.keys()].join(' '), {
      boostTerm: (term) => boosts.get(term) ?? 1,
      ...(filter ? { filter: (r) => { const it = this.byKey.get(String(r.id)); return it !== undefined && filter(it); } } : {}),
    });
    const total = words.reduce((s, w) => s + w.weight, 0);
    const hits: Hit[] = [];
    for (const r of results.slice(0, options.limit ?? 8)) {
      const item = this.byKey.get(String(r.id));
      if (!item) continue;
      const matchedTerms = new Set<string>(r.queryTerms);
      let got = 0;
      const matched: string[] = [];
      let anchored = false;
      for (const w of words) {
        let credit = 0;
        for (const [t, how] of w.terms) {
          if (!matchedTerms.has(t)) continue;
          credit = Math.max(credit, how === 'sub' ? SUB_CREDIT : 1);
          if (how !== 'sub' && this.isAnchor(w.token, t)) anchored = true;
        }
        if (credit > 0) matched.push(w.token);
        got += credit * w.weight;
      }
      const coverage = total > 0 ? got / total : 0;
      const confidence = Math.min(1, coverage + (anchored ? ANCHOR_BONUS : 0));
      hits.push({ item, score: r.score, coverage, matched, anchored, confidence });
    }
    return { words, hits };
  }
}
