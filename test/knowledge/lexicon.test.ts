import { describe, expect, it } from 'vitest';
import { OUT_OF_SCOPE_TERMS, STOPWORDS, SYNONYMS } from '../../src/knowledge/lexicon.js';
import { chineseNumeral, parseNumeral } from '../../src/knowledge/numerals.js';
import { indexTokens, jiebaLoadMs, queryTokens, userDictionaryWords } from '../../src/knowledge/segment.js';
import { kb } from './support.js';

describe('segmentation', () => {
  it('keeps domain terms whole', () => {
    expect(queryTokens('下基层服务一年要几次')).toContain('下基层');
    expect(queryTokens('按期召开三会一课')).toContain('三会一课');
    expect(queryTokens('推荐两代表一委员')).toContain('两代表一委员');
    expect(queryTokens('报考社会工作师')).toContain('社会工作师');
    expect(queryTokens('实施党建强会计划')).toContain('党建强会');
    expect(queryTokens('贯彻民主集中制原则')).toContain('民主集中制');
    expect(queryTokens('召开组织生活会')).toContain('组织生活会');
    expect(queryTokens('弘扬科学家精神')).toContain('科学家精神');
    expect(queryTokens('交到学会部617室')).toEqual(expect.arrayContaining(['学会部', '617室']));
  });

  it('drops stop words and question words', () => {
    expect(queryTokens('请问一下这个要不要怎么弄啊？')).toEqual([]);
  });

  it('loads the dictionary once per process', () => {
    indexTokens('走基层');
    const first = jiebaLoadMs();
    indexTokens('三会一课');
    expect(first).toBeGreaterThan(0);
    expect(jiebaLoadMs()).toBe(first);
  });

  it('indexes every user word that is a synonym target, and no out-of-scope concept', () => {
    const vocabulary = kb().engine.vocabulary();
    for (const [word, targets] of Object.entries(SYNONYMS)) {
      for (const target of targets) {
        for (const token of indexTokens(target)) expect(vocabulary.has(token), `${word} → ${target} (${token})`).toBe(true);
      }
    }
    for (const term of OUT_OF_SCOPE_TERMS) expect(vocabulary.has(term), term).toBe(false);
    for (const w of userDictionaryWords()) expect(STOPWORDS.has(w), w).toBe(false);
  });
});

describe('numerals', () => {
  it.each([
    ['7', 7],
    ['７', 7],
    ['七', 7],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十五', 25],
    ['廿五', 25],
    ['两', 2],
    ['一百零五', 105],
    ['二〇二六', 2026],
  ])('%s = %i', (text, n) => {
    expect(parseNumeral(text)).toBe(n);
  });

  it.each(['', '七八', 'x', '第七'])('%j is not a numeral', (text) => {
    expect(parseNumeral(text)).toBeUndefined();
  });

  it('writes 1–99 as members write them, and parses back what it writes', () => {
    expect([1, 10, 15, 20, 21, 25].map(chineseNumeral)).toEqual(['一', '十', '十五', '二十', '二十一', '二十五']);
    for (let n = 1; n <= 99; n++) expect(parseNumeral(chineseNumeral(n))).toBe(n);
    expect(() => chineseNumeral(0)).toThrow(RangeError);
  });
});
