// The phrase index (src/knowledge/phrases.ts): the one item holding the longest run of a question's
// characters, five or more.
import { describe, expect, it } from 'vitest';
import { PhraseIndex } from '../../src/knowledge/phrases.js';
import { kb } from './support.js';

const index = (): PhraseIndex => new PhraseIndex(kb().items);

describe('PhraseIndex', () => {
  it('finds the item a run of five or more of its characters comes from', () => {
    expect(index().quoted('以党建促会建啥意思')?.key).toBe('section:intro');
    expect(index().quoted('请问“严把学会各项工作的政治关”怎么做')?.key).toBe('criterion:2');
  });

  it('finds nothing for runs shorter than five characters or shared by several items as long', () => {
    expect(index().quoted('战斗堡垒')).toBeUndefined();
    expect(index().quoted('学会党支部')).toBeUndefined();
    expect(index().quoted('今天食堂吃什么')).toBeUndefined();
  });

  it('does not join a run across punctuation', () => {
    expect(index().quoted('以党建，促会建')).toBeUndefined();
  });
});
