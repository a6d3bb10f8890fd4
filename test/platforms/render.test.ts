import { describe, expect, it } from 'vitest';
import { jsonStringBytes, LIMITS, paginate, splitText, truncateText, utf8Bytes } from '../../src/platforms/render.js';
import { dingtalkMarkdownMessages } from '../../src/platforms/dingtalk/send.js';
import { markdownParams } from '../../src/platforms/dingtalk/openapi.js';

describe('splitting by UTF-8 bytes', () => {
  it('keeps short text whole', () => {
    expect(paginate('第7条', { maxBytes: 100 })).toEqual(['第7条']);
    expect(splitText('a\nb', 100)).toEqual(['a\nb']);
  });

  it('splits at line boundaries, in order, each part within the limit', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `第${i + 1}行：团结凝聚群众好`);
    const text = lines.join('\n');
    const parts = splitText(text, 200);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(200);
    expect(parts.join('\n')).toBe(text);
  });

  it('never cuts inside a multi-byte character, whatever the boundary', () => {
    const text = '党建'.repeat(50) + '🇨🇳😀'.repeat(10); // 3-byte and 4-byte characters, one long line
    for (let max = 4; max <= 40; max += 1) {
      const parts = splitText(text, max);
      for (const p of parts) {
        expect(utf8Bytes(p)).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(/\uFFFD/);
        // A lone surrogate would mean a character cut in half.
        expect(p).toBe(Buffer.from(p, 'utf8').toString('utf8'));
      }
      expect(parts.join('')).toBe(text);
    }
  });

  it('numbers parts (1/n)…(n/n) in order and keeps each with its label and head in the limit', () => {
    const text = Array.from({ length: 300 }, (_, i) => `- 第${i + 1}项：每半年至少组织党员开展一次走基层`).join('\n');
    const parts = paginate(text, { maxBytes: LIMITS.wecomMarkdown, head: '<@zhangsan>\n' });
    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((p, i) => {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(LIMITS.wecomMarkdown);
      expect(p.endsWith(`（${i + 1}/${parts.length}）`)).toBe(true);
    });
    expect(parts[0]?.startsWith('<@zhangsan>\n')).toBe(true);
    expect(parts[1]?.startsWith('<@')).toBe(false);
    const body = parts.map((p) => p.replace(/\n\n（\d+\/\d+）$/u, '')).join('\n').replace('<@zhangsan>\n', '');
    expect(body).toBe(text);
  });

  it('truncates with a note only when over the limit', () => {
    expect(truncateText('短', 100)).toBe('短');
    const long = '走基层'.repeat(10_000);
    const cut = truncateText(long, LIMITS.wecomStream);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(LIMITS.wecomStream);
    expect(cut).toContain('已截断');
    expect(cut.startsWith('走基层走基层')).toBe(true);
  });

  it('measures JSON-escaped text for DingTalk bodies and OpenAPI msgParam', () => {
    expect(jsonStringBytes('a"\n中')).toBe(1 + 2 + 2 + 3);
    const text = Array.from({ length: 2000 }, (_, i) => `第${i}行 "引号" 与换行`).join('\n');
    const messages = dingtalkMarkdownMessages({ title: '标准', markdown: text }, 'staff1');
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(utf8Bytes(JSON.stringify(m))).toBeLessThanOrEqual(LIMITS.dingtalkBody);
    expect(messages[0]?.at?.atUserIds).toEqual(['staff1']);
    expect(messages[1]?.at).toBeUndefined();
    const params = markdownParams({ title: '标准', markdown: text });
    expect(params.length).toBeGreaterThan(1);
    for (const p of params) expect(utf8Bytes(JSON.stringify(p))).toBeLessThanOrEqual(LIMITS.dingtalkMsgParam);
  });
});
