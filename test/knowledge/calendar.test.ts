import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { answered, at, kb } from './support.js';

describe('campaign calendar', () => {
  it('moves the notice’s month/day phases to the campaign year', () => {
    const cal = kb().calendar;
    expect(cal.year).toBe(2026);
    expect(cal.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ['动员部署阶段', '2026-09-10', '2026-09-20'],
      ['组织实施阶段', '2026-09-21', '2026-10-31'],
      ['总结提高阶段', '2026-11-01', '2026-11-15'],
    ]);
    expect(cal.phases[0]?.tasks).toContain('及时召开动员部署会');
    expect(cal.submission).toMatchObject({ deadline: '2026-11-15', form: '纸质版', place: '学会部617室' });
    expect(cal.submission.text).toBe('各学会党支部将总结情况（纸质版）于11月15日前报学会部617室。');
  });

  it('finds the phase of a date, inclusive at both ends', () => {
    const cal = kb().calendar;
    const on = (d: string) => cal.phaseOn(d)?.index ?? null;
    expect(on('2026-09-09')).toBeNull();
    expect(on('2026-09-10')).toBe(1);
    expect(on('2026-09-20')).toBe(1);
    expect(on('2026-09-21')).toBe(2);
    expect(on('2026-10-31')).toBe(2);
    expect(on('2026-11-01')).toBe(3);
    expect(on('2026-11-15')).toBe(3);
    expect(on('2026-11-16')).toBeNull();
    expect(on('2025-10-01')).toBeNull();
    expect(on('2027-10-01')).toBeNull();
  });

  it('uses any configured year', () => {
    const k = loadKnowledge({ campaignYear: 2030 });
    expect(k.calendar.phases.map((p) => p.start)).toEqual(['2030-09-10', '2030-09-21', '2030-11-01']);
    expect(k.calendar.phaseOn('2030-10-31')?.name).toBe('组织实施阶段');
    expect(k.calendar.phaseOn('2026-10-31')).toBeNull();
    // Criterion text stays as written: the year only moves the phases.
    expect(k.criterion(3)?.text).toContain('制定2019年学会党支部学习计划');
    expect(answered('现在什么阶段', at('2030-11-14'), k).reply.markdown).toContain('2030年11月14日');
  });

  it('rejects an impossible campaign year', () => {
    expect(() => loadKnowledge({ campaignYear: 1999 })).toThrow(/活动年度/u);
    expect(() => loadKnowledge({ campaignYear: 2026.5 })).toThrow(/活动年度/u);
  });

  it('decides dates in Asia/Shanghai whatever the instant’s UTC date', () => {
    const k = kb();
    // 2026-09-20 23:59 in Shanghai is still the first phase; 00:30 on 9/21 is the second.
    expect(k.answer('现在什么阶段', new Date('2026-09-20T15:59:00Z')).item).toEqual({ kind: 'phase', index: 1 });
    expect(k.answer('现在什么阶段', new Date('2026-09-20T16:30:00Z')).item).toEqual({ kind: 'phase', index: 2 });
    expect(k.answer('今天是什么阶段', new Date('2026-11-15T15:30:00Z')).item).toEqual({ kind: 'phase', index: 3 });
    expect(k.answer('今天是什么阶段', new Date('2026-11-15T16:30:00Z')).item).toEqual({ kind: 'phase' });
  });

  it('exposes criteria and standards consistently', () => {
    const k = kb();
    expect(k.criteria).toHaveLength(25);
    expect(k.criterion(7)?.standard).toBe(2);
    expect(k.criterion(0)).toBeUndefined();
    expect(k.criterion(26)).toBeUndefined();
    expect(k.criterion(2.5)).toBeUndefined();
    expect(k.standardOf(7).name).toBe('团结凝聚群众好');
    expect(k.standardOf(18).name).toBe('加强自身建设好');
    expect(() => k.standardOf(30)).toThrow(RangeError);
  });
});
