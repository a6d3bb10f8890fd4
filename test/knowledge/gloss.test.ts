// The per-criterion glosses (items.ts CRITERION_GLOSS) and the spelling repair of search.ts.
import { describe, expect, it } from 'vitest';
import { CRITERION_GLOSS } from '../../src/knowledge/items.js';
import { taggedTokens, indexTokens, queryTokens } from '../../src/knowledge/segment.js';
import { kb } from './support.js';

describe('criterion glosses', () => {
  it('cover every criterion with two to four concepts', () => {
    for (let n = 1; n <= 25; n++) expect((CRITERION_GLOSS[n] ?? '').split(' ').length, `第${n}条`).toBeGreaterThanOrEqual(2);
  });

  it('use no word that only one other criterion uses', () => {
    const criteria = kb().items.filter((it) => it.ref.kind === 'criterion');
    const usedBy = new Map<string, Set<string>>();
    for (const it of criteria) {
      for (const t of indexTokens(`${it.text} ${it.keywords}`)) {
        const set = usedBy.get(t) ?? new Set<string>();
        set.add(it.key);
        usedBy.set(t, set);
      }
    }
    const clashes: string[] = [];
    for (const it of criteria) {
      for (const t of new Set(indexTokens(it.gloss))) {
        const users = usedBy.get(t);
        if (users?.size === 1 && !users.has(it.key)) clashes.push(`${it.key}: ${t} belongs to ${[...users][0]}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('keep every gloss phrase searchable: none falls apart into dropped single characters', () => {
    const lost: string[] = [];
    for (const [n, gloss] of Object.entries(CRITERION_GLOSS)) {
      for (const phrase of gloss.split(' ')) {
        const kept = queryTokens(phrase).join('').length;
        // A phrase must keep a query word, and a two-character phrase must stay whole (叫上, 上会).
        if (kept === 0 || ([...phrase].length === 2 && kept < 2)) lost.push(`第${n}条: ${phrase}`);
      }
    }
    expect(lost).toEqual([]);
  });
});

describe('spelling repair', () => {
  const repaired = (q: string): string[] => kb().engine.repair(taggedTokens(q)).map((t) => t.word);

  it.each([
    ['章成里要写党建吗', '章程'],
    ['书纪跟会张不是一个人', '书记'],
    ['书纪跟会张不是一个人', '会长'],
    ['公序量俗', '公序良俗'],
    ['社会工做师怎么考', '社会工作师'],
    ['建事会要成立吗', '监事会'],
    ['换界多久一次', '换届'],
  ])('%s reads %s', (q, word) => {
    expect(repaired(q)).toContain(word);
  });

  it('reads real words that together sound like a longer index term as that term', () => {
    expect(repaired('学会该不该设监视会')).toContain('监事会');
    expect(repaired('监视会成立了没')).toContain('监事会');
  });

  it('never lets a stop word at the edge of a run turn into another character', () => {
    // 没|提 sounds like 媒体, but 没 was typed right: the term would have to keep it.
    expect(repaired('去年会上压根没提党建')).not.toContain('媒体');
  });

  it.each(['你是谁', '今天天气怎么样', '食堂几点开饭', '党建工作要写进学会章程吗', '他的视野很开阔'])('leaves %s alone', (q) => {
    expect(repaired(q).join('')).toBe(taggedTokens(q).map((t) => t.word).join(''));
  });
});

describe('described situations reach their criterion through its gloss', () => {
  const answerOf = (q: string) => kb().answer(q, new Date('2026-10-08T10:00:00+08:00'));
  it.each([
    ['支书和会长从来不通气 这算哪条没做到', 4],
    ['老党员吃苦在前 这是哪条的要求', 6],
    ['学会管理混乱 没规矩 属于哪条', 9],
    ['支书是门外汉 不熟悉学会的业务', 10],
    ['副会长们职责不清 谁管什么说不清', 18],
    ['学会添置大件要不要集体商量 哪条说的', 19],
  ])('%s → criterion %i', (q, n) => {
    expect(answerOf(q).item).toEqual({ kind: 'criterion', number: n });
  });

  it('reads the short forms of the notice’s names (支书, 一把手, 优秀党员)', () => {
    expect(kb().engine.analyze('支书跟一把手').flatMap((w) => [...w.terms.keys()])).toEqual(expect.arrayContaining(['支部书记', '学会负责人']));
    expect(answerOf('优秀党员怎么推荐').item).toEqual({ kind: 'criterion', number: 14 });
  });
});
