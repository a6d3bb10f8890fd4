// The search engine's shortcuts give exactly what the slower originals gave, on every word and
// question of the fixtures: the compact general-IDF table (instead of jieba's TfIdf and its 270k-word
// table), the known sub-words worked out without jieba, and the ranking over postings precomputed
// from MiniSearch (instead of MiniSearch's query path).
import { Jieba, TfIdf } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { jiebaPackageFile } from '../../src/knowledge/dictionary.js';
import { INTENT_WORDS, OUT_OF_SCOPE_TERMS, STOPWORDS, SYNONYMS } from '../../src/knowledge/lexicon.js';
import { GENERAL_IDF_CAP, generalIdf, jieba, queryTokens, subTokens, userDictionaryWords } from '../../src/knowledge/segment.js';
import { at, kb, readFixture, readQuestions, stripMentionsSimple } from './support.js';

/** Every question and activity text of the fixtures, and each sentence of the notice. */
function texts(): string[] {
  const questions = ['questions.json', 'questions-holdout.json'].flatMap((f) => readQuestions(f).questions.map((q) => stripMentionsSimple(q.q)));
  const activities = (JSON.parse(readFixture('activities.json')) as { activities: Array<{ text: string }> }).activities.map((a) => a.text);
  const notice = readFixture('notice-2019-5.txt')
    .split(/[。；\n，：]/u)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...questions, ...activities, ...notice];
}

/**
 * The query tokens of all texts, plus those of the lexicon's words and of the index vocabulary that
 * jieba keeps as one word (a query token always is one: generalIdf and subTerms are for tokens).
 */
function words(): string[] {
  const all = new Set<string>();
  for (const t of texts()) for (const w of queryTokens(t)) all.add(w);
  const lexicon = [...userDictionaryWords(), ...STOPWORDS, ...INTENT_WORDS, ...OUT_OF_SCOPE_TERMS, ...Object.keys(SYNONYMS)];
  for (const w of [...lexicon, ...kb().engine.vocabulary()]) if (jieba().cut(w, false).length === 1) all.add(w);
  return [...all];
}

/** idf.txt as jieba's TfIdf reads it: word → IDF. */
function idfFile(): Map<string, number> {
  const table = new Map<string, number>();
  for (const line of jiebaPackageFile('idf.txt').toString('utf8').split('\n')) {
    const [word, value] = line.trim().split(/\s+/u);
    if (word && value !== undefined) table.set(word, Number(value));
  }
  return table;
}

describe('general IDF table', () => {
  const tfidf = TfIdf.withDict(jiebaPackageFile('idf.txt'));
  const viaTfIdf = (word: string, j: Jieba = jieba()): number => tfidf.extractKeywords(j, word, 1)[0]?.weight ?? 0;

  it('gives what jieba’s TfIdf gives, capped, for every word of the fixtures and the lexicon', () => {
    const list = words();
    expect(list.length).toBeGreaterThan(1000);
    const differ = list.filter((w) => generalIdf(w) !== Math.min(GENERAL_IDF_CAP, viaTfIdf(w)));
    expect(differ).toEqual([]);
  });

  it('caps only where no decision changes: TfIdf’s default for unknown words (the median) is above the cap', () => {
    const file = idfFile();
    const unknown = userDictionaryWords().filter((w) => !file.has(w) && [...w].length >= 2 && jieba().cut(w, false).length === 1);
    expect(unknown.length).toBeGreaterThan(10);
    const median = viaTfIdf(unknown[0] ?? '');
    for (const w of unknown) expect(viaTfIdf(w), w).toBe(median);
    expect(median).toBeGreaterThan(GENERAL_IDF_CAP);
  });

  it('holds every idf.txt entry below the cap, and idf.txt lists each word once', () => {
    const lines = jiebaPackageFile('idf.txt').toString('utf8').split('\n').filter((l) => l.trim() !== '');
    const file = idfFile();
    expect(file.size).toBe(lines.length);
    let below = 0;
    for (const [word, value] of file) {
      // Single characters get 0 whatever their IDF (TfIdf's minimum keyword length is 2).
      if (value >= GENERAL_IDF_CAP || [...word].length < 2) continue;
      below++;
      expect(generalIdf(word), word).toBe(value);
    }
    expect(below).toBeGreaterThan(7000);
  });

  it('gives 0 to single characters and TfIdf’s stop words, as TfIdf does', () => {
    for (const w of ['交', '报', 'the', 'and', '7']) {
      expect(generalIdf(w), w).toBe(0);
      expect(viaTfIdf(w), w).toBe(0);
    }
  });
});

describe('query analysis', () => {
  it('finds the indexed sub-words of every token as jieba’s search mode does', () => {
    const engine = kb().engine;
    const differ = words().filter((w) => JSON.stringify(engine.subTerms(w)) !== JSON.stringify(subTokens(w).filter((t) => engine.knows(t))));
    expect(differ).toEqual([]);
  });

  it('does not trip over words that are also property names of plain objects', () => {
    for (const q of ['constructor', 'toString', '__proto__', 'hasOwnProperty 是什么']) {
      expect(kb().answer(q, at('2026-10-08')).item, q).toEqual({ kind: 'none' });
    }
  });
});

describe('ranking', () => {
  it('is exactly MiniSearch’s ranking (scores, order, matched terms) for every text of the fixtures', () => {
    const engine = kb().engine;
    const criterionOnly = (doc: number): boolean => engine.items[doc]?.ref.kind === 'criterion';
    let compared = 0;
    for (const text of texts()) {
      const boosts = engine.termBoosts(engine.analyze(text));
      if (boosts.size === 0) continue;
      for (const filter of [undefined, criterionOnly]) {
        expect(engine.rank(boosts, filter), text).toEqual(engine.rankWithMiniSearch(boosts, filter));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(800);
  });
});
