import { describe, expect, it } from 'vitest';
import { NOTICE_DATA } from '../../src/knowledge/notice.js';
import { parseNotice, type NoticeData } from '../../src/knowledge/schema.js';
import { kb, readFixture } from './support.js';

const raw = readFixture('notice-2019-5.txt');
/** The notice with its line layout removed: lines trimmed and joined. Inner spacing is kept. */
const flat = raw
  .split(/\r?\n/u)
  .map((line) => line.trim())
  .join('');

function expectVerbatim(label: string, text: string): void {
  expect(text.length, label).toBeGreaterThan(0);
  expect(flat.includes(text), `${label} is not verbatim: ${text}`).toBe(true);
}

describe('the notice data is verbatim', () => {
  const n = kb().notice;

  it('has the six standards with their criterion ranges', () => {
    expect(n.standards.map((s) => s.name)).toEqual([
      '坚持政治方向好',
      '团结凝聚群众好',
      '推动事业发展好',
      '建设先进文化好',
      '服务人才成长好',
      '加强自身建设好',
    ]);
    const ranges = n.standards.map((s) => [s.criteria[0], s.criteria[s.criteria.length - 1]]);
    expect(ranges).toEqual([[1, 3], [4, 7], [8, 10], [11, 13], [14, 17], [18, 25]]);
    for (const s of n.standards) {
      expectVerbatim(`standard ${s.index}`, s.name);
      // The attachment's table writes each name across several lines, then its first criterion.
      expect(flat).toContain(`${s.name}${s.criteria[0]}.`);
    }
  });

  it('has every criterion exactly as written, under its own number', () => {
    expect(n.criteria).toHaveLength(25);
    for (const c of n.criteria) {
      expectVerbatim(`criterion ${c.number}`, c.text);
      const numbered = new RegExp(`(^|\\n)\\t${c.number}\\. ?${c.text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'u');
      expect(raw, `criterion ${c.number} is not under its number`).toMatch(numbered);
    }
  });

  it('keeps the notice’s odd characters and spacing', () => {
    expect(kb().criterion(1)?.text).toContain('宣传和  执行');
    expect(kb().criterion(9)?.text).toContain('堵塞管理漏洞 ，防范项目风险');
    expect(kb().criterion(3)?.text.startsWith('制定2019年学会党支部学习计划')).toBe(true);
    expect(n.requirements[0]?.text).toContain('“双强六好"党组织建设工作的重要意义');
    expect(n.contact.text).toBe('联系人：梁敏   4921836');
  });

  it('has the phases, submission rule, requirements and sections verbatim', () => {
    for (const p of n.phases) expectVerbatim(`phase ${p.index}`, `${p.index}、${p.heading}。${p.tasks}`);
    expect(n.phases.map((p) => p.name)).toEqual(['动员部署阶段', '组织实施阶段', '总结提高阶段']);
    expectVerbatim('submission', n.submission.text);
    expect(n.submission.text).toContain(n.submission.form);
    expect(n.submission.text).toContain(n.submission.place);
    expect(n.requirements.map((r) => r.name)).toEqual(['加强领导', '注重实效', '广泛宣传']);
    for (const r of n.requirements) expectVerbatim(r.id, `${r.name}。${r.text}`);
    expectVerbatim('contact', n.contact.text);
    expectVerbatim('guiding', n.guiding.text);
    expectVerbatim('goal', n.goal.text);
    expectVerbatim('intro', n.intro);
    expect(n.goal.text).toContain('“党建强、发展强”');
  });

  it('has the document information', () => {
    const d = n.document;
    expect(d.number).toBe('晋科社行党发〔2019〕5号');
    expect(d.issuer).toBe('中共山西省科技类社会组织行业委员会');
    expect(d.issuerShort).toBe('科技社团党委');
    expect(d.date).toBe('2019年9月3日');
    for (const [label, text] of Object.entries(d)) {
      if (label === 'isoDate') continue;
      expectVerbatim(`document.${label}`, text);
    }
  });

  it('quotes only verbatim text in the search items', () => {
    for (const item of kb().items) {
      if (item.ref.kind === 'section' && item.ref.id === 'document') continue; // assembled from verbatim fields
      if (item.ref.kind === 'section' && item.ref.id === 'requirements') continue; // the three names
      if (item.ref.kind === 'phase' && item.ref.index === undefined) continue; // the three headings
      for (const part of item.quote.split('\n')) expectVerbatim(item.key, part.replace(/^\d+\./u, ''));
    }
  });
});

describe('the notice schema', () => {
  const clone = (): NoticeData => structuredClone(parseNotice(NOTICE_DATA));

  it('accepts the notice', () => {
    expect(() => parseNotice(NOTICE_DATA)).not.toThrow();
  });

  it('rejects a missing criterion', () => {
    const bad = clone();
    bad.criteria.pop();
    expect(() => parseNotice(bad)).toThrow(/criteria/u);
  });

  it('rejects a criterion filed under the wrong standard', () => {
    const bad = clone();
    const c = bad.criteria[6];
    if (c) c.standard = 3;
    expect(() => parseNotice(bad)).toThrow(/第7条的一级标准不一致/u);
  });

  it('rejects an impossible or overlapping phase date', () => {
    const bad = clone();
    const p = bad.phases[1];
    if (p) p.start = { month: 9, day: 15 };
    expect(() => parseNotice(bad)).toThrow(/重叠/u);
    const worse = clone();
    const q = worse.phases[0];
    if (q) q.end = { month: 9, day: 31 };
    expect(() => parseNotice(worse)).toThrow(/不存在的日期/u);
  });

  it('rejects a criterion that still carries its number', () => {
    const bad = clone();
    const c = bad.criteria[0];
    if (c) c.text = `1.${c.text}`;
    expect(() => parseNotice(bad)).toThrow(/前导编号/u);
  });
});
