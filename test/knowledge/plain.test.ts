// How a message is read before anything else (src/knowledge/plain.ts): emoji as spaces, traditional
// characters as simplified (the table derived from CC-CEDICT), on the real engine.
import { describe, expect, it } from 'vitest';
import { refKey } from '../../src/knowledge/index.js';
import { plainText } from '../../src/knowledge/plain.js';
import { answered, at, talk } from './support.js';

const NOW = at('2026-10-08');

describe('plainText', () => {
  it('reads traditional characters as simplified, and leaves characters that are simplified forms too', () => {
    expect(plainText('這週要做什麼')).toBe('这周要做什么');
    expect(plainText('走基層多久一次')).toBe('走基层多久一次');
    // 著 and 乾 are also simplified characters (著名, 乾坤): kept as typed
    expect(plainText('著名的乾坤')).toBe('著名的乾坤');
  });

  it('reads emoji as spaces', () => {
    expect(plainText('谢啦👍')).toBe('谢啦');
    expect(plainText('早上好☀️请问')).toBe('早上好 请问');
  });

  it('answers a message of emoji alone as an acknowledgement (old code: asked what it is about)', () => {
    for (const q of ['👍', '🙏🙏', '👌']) {
      const a = answered(q, NOW);
      expect(a.kind, q).toBe('greeting');
      expect(a.reply.markdown).toContain('不客气');
      // …through a conversation too, keeping what the next follow-up refers to
      const first = talk('第7条', NOW, undefined);
      const thumbs = talk(q, NOW, first.memory);
      expect(thumbs.answers.map((x) => x.kind)).toEqual(['greeting']);
      expect(talk('下一条', NOW, thumbs.memory).answers[0]?.item).toEqual({ kind: 'criterion', number: 8 });
    }
  });

  it.each([
    ['走基層多久一次', 'criterion:7'],
    ['團結凝聚群眾好要做到哪些', 'standard:2'],
    // 年檢 is 年检, a concept the notice lacks (old code: the submission rule)
    ['年檢材料什麼時候交', 'none'],
  ])('%s → %s', (q, want) => {
    expect(refKey(answered(q, NOW).item)).toBe(want);
  });
});
