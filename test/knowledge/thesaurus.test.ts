// The thesaurus derived from CC-CEDICT (test/bench/thesaurus.ts → src/knowledge/thesaurus-data.ts)
// and the out-of-scope checks of scope.ts, on the real engine with phrasings written for this test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refKey } from '../../src/knowledge/index.js';
import { OUT_OF_SCOPE_TERMS } from '../../src/knowledge/lexicon.js';
import { isOutOfScope, relatedWords, thesaurusWords } from '../../src/knowledge/thesaurus.js';
import { deriveThesaurus, normalizeGloss, THESAURUS_MODULE_PATH, thesaurusModule, TRADITIONAL_MODULE_PATH, traditionalModule } from '../bench/thesaurus.js';
import { answered, at, kb } from './support.js';

const NOW = at('2026-10-08');
const ask = (q: string) => answered(q, NOW);

describe('the derived table', () => {
  it('is what the generator makes from the dictionary and the index today (else: npm run thesaurus)', () => {
    expect(readFileSync(THESAURUS_MODULE_PATH, 'utf8')).toBe(thesaurusModule());
  }, 30_000);

  it('and the traditional → simplified table too (else: npm run thesaurus)', () => {
    expect(readFileSync(TRADITIONAL_MODULE_PATH, 'utf8')).toBe(traditionalModule());
  }, 30_000);

  it('relates words outside the index to indexed words only, or to an out-of-scope concept', () => {
    const vocabulary = kb().engine.vocabulary();
    const words = thesaurusWords();
    expect(words.length).toBeGreaterThan(300);
    for (const w of words) {
      expect(vocabulary.has(w), w).toBe(false);
      for (const t of relatedWords(w)) expect(vocabulary.has(t), `${w} → ${t}`).toBe(true);
    }
    // Words whose closest dictionary neighbour is an out-of-scope concept are out of scope.
    expect(isOutOfScope('工钱')).toBe(true);
    expect(relatedWords('工钱')).toEqual([]);
    expect(isOutOfScope('建议')).toBe(false);
    // a compound ending in an out-of-scope concept is one too, and no word the index knows ends in one
    expect(isOutOfScope('岗位补贴')).toBe(true);
    for (const w of vocabulary) expect(isOutOfScope(w), w).toBe(false);
  });

  it('reads the dictionary’s glosses without parentheses, cross-references or leading to/a/the', () => {
    expect(normalizeGloss('to make suggestions')).toBe('make suggestions');
    expect(normalizeGloss('hole (in cloth etc)')).toBe('hole');
    expect(normalizeGloss('CL:個|个[ge4]')).toBeUndefined();
    expect(normalizeGloss('variant of 漏洞[lou4 dong4]')).toBeUndefined();
  });

  it('derives a pair from a shared phrase, two shared words or a shared character, never from one ambiguous word', () => {
    const vocabulary = new Set(['献策', '日期', '党旗', '漏洞', '工资']);
    const table = deriveThesaurus(
      [
        { word: '出点子', glosses: ['make suggestions', 'offer advice'] },
        { word: '献策', glosses: ['offer advice'] },
        { word: '椰枣', glosses: ['date'] }, // "date": the fruit, not 日期
        { word: '日期', glosses: ['date'] },
        { word: '旗子', glosses: ['flag', 'banner'] },
        { word: '党旗', glosses: ['party flag'] }, // a flag narrowed by one word
        { word: '窟窿', glosses: ['hole', 'loophole'] },
        { word: '漏洞', glosses: ['leak', 'hole', 'loophole'] },
        { word: '薪金', glosses: ['salary', 'wages'] },
        { word: '工资', glosses: ['wages', 'salary', 'pay'] },
      ],
      vocabulary,
    );
    expect(table.get('出点子')).toEqual(['献策']);
    expect(table.has('椰枣')).toBe(false);
    expect(table.get('旗子')).toEqual(['党旗']);
    expect(table.get('窟窿')).toEqual(['漏洞']);
    expect(OUT_OF_SCOPE_TERMS.has('工资')).toBe(true);
    expect(table.get('薪金')).toEqual(['!工资']);
  });
});

describe('thesaurus words in questions', () => {
  it('search the related index words, with less credit than the word itself', () => {
    const word = kb().engine.analyze('出点子').find((w) => w.token === '出点子');
    expect(word?.known).toBe(true);
    expect(word?.terms.get('献策')).toBe('related');
    const related = kb().engine.search('学会怎么出点子').hits[0];
    const own = kb().engine.search('学会怎么献策').hits[0];
    expect(related?.item.key).toBe(own?.item.key);
    expect(related?.coverage ?? 1).toBeLessThan(own?.coverage ?? 0);
  });

  it('keep out-of-scope neighbours out of scope (工钱 ~ 工资)', () => {
    expect(ask('党务工作者的工钱怎么算').kind).toBe('none');
  });
});

describe('out-of-scope signals on every path', () => {
  it.each([
    // a direct look-up (a phase, a standard) beside a noun the notice never uses
    '组织实施阶段的年终奖什么时候发',
    '加强自身建设好这块的年检材料怎么报',
    // money: the notice never mentions funds, fees or pay
    '党旗多少钱一面',
    '社会工作师考试费用能报吗',
    '院士专家工作站挂牌费',
    '支部书记补贴有没有对应的条款',
    // the word asked about comes before a numeral or pronoun (年薪, not 多少)
    '学会负责人年薪多少',
  ])('%s → not covered', (q) => {
    expect(refKey(ask(q).item)).toBe('none');
  });

  it('keeps a compound of two question words (具体内容) from reading as another topic', () => {
    expect(refKey(ask('先进文化好的具体内容').item)).toBe('standard:4');
  });
});

describe('where to buy, whom to invite', () => {
  it('refuses where to buy: a shop is a place the notice never gives (facets.ts)', () => {
    expect(ask('党旗去哪里买').kind).toBe('none');
    expect(ask('党章在哪能领到').kind).toBe('none');
  });

  it.each([['廉政讲座请哪个老师', 24]])('%s → criterion %i with a hedge (the notice names no speaker)', (q, n) => {
    const a = ask(q);
    expect(a.item).toEqual({ kind: 'criterion', number: n });
    expect(a.kind).toBe('hedged');
    expect(a.reply.markdown).toContain('通知没有逐字这样说');
  });

  it('answers plainly what a criterion does say', () => {
    const a = ask('支部要挂党旗吗');
    expect(a.item).toEqual({ kind: 'criterion', number: 21 });
    expect(a.kind).toBe('item');
  });
});
