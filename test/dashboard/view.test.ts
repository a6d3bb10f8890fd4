// Traffic lights and the row selection, as pure functions.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { cadenceLight, grassrootsLight, parseQuery, select, toRow } from '../../src/dashboard/view.js';

describe('traffic lights', () => {
  it('走基层: green once done, red from 30 days before the half-year ends', () => {
    expect(grassrootsLight(1, '2026-07-01')).toEqual({ level: 'green', text: '已开展1次', until: '2026-12-31' });
    expect(grassrootsLight(0, '2026-11-30')).toEqual({ level: 'amber', text: '剩31天', until: '2026-12-31' });
    expect(grassrootsLight(0, '2026-12-01')).toEqual({ level: 'red', text: '剩30天', until: '2026-12-31' });
    expect(grassrootsLight(0, '2026-06-30').level).toBe('red');
  });

  it('三会一课: red from 7 days before the period ends', () => {
    const period = { key: '党课', name: '党课', count: 0, periodEnd: '2026-12-31' };
    expect(cadenceLight(period, '2026-12-23')).toEqual({ level: 'amber', text: '剩8天', until: '2026-12-31' });
    expect(cadenceLight(period, '2026-12-24')).toEqual({ level: 'red', text: '剩7天', until: '2026-12-31' });
    expect(cadenceLight({ ...period, count: 2 }, '2026-12-24')).toEqual({ level: 'green', text: '已开2次', until: '2026-12-31' });
  });
});

describe('row selection', () => {
  const knowledge = loadKnowledge({ campaignYear: 2026 });
  const rows = [
    toRow({ branch: '乙支部', total: 3, criteria: new Map([[1, 2], [7, 1]]), grassroots: 1 }, '2026-12-10'),
    toRow({ branch: '甲支部', total: 5, criteria: new Map([[1, 5], [2, 1], [3, 1]]), grassroots: 0 }, '2026-12-10'),
    toRow({ branch: '丙支部', total: 0, criteria: new Map(), grassroots: 0 }, '2026-12-10'),
  ];

  it('puts never-reported and red first, filters by status and name, ignores bad parameters', () => {
    expect(select(rows, parseQuery(new URLSearchParams(), knowledge)).rows.map((r) => r.status)).toEqual(['silent', 'red', 'green']);
    expect(select(rows, parseQuery(new URLSearchParams('status=red'), knowledge)).rows.map((r) => r.branch)).toEqual(['甲支部']);
    expect(select(rows, parseQuery(new URLSearchParams('q=乙'), knowledge)).rows.map((r) => r.branch)).toEqual(['乙支部']);
    expect(select(rows, parseQuery(new URLSearchParams('sort=reports'), knowledge)).rows.map((r) => r.total)).toEqual([5, 3, 0]);
    const bad = parseQuery(new URLSearchParams('standard=9&status=<x>&sort=__proto__&page=-1'), knowledge);
    expect(bad).toEqual({ sort: 'status', page: 1 });
    expect(select(rows, bad).counts).toEqual({ red: 1, amber: 0, green: 1, silent: 1 });
  });

  it('judges a branch by its worst light: 走基层 done but a 三会一课 kind due within the week is red', () => {
    const cadence = [
      { key: '支部委员会', name: '支委会', count: 1, periodEnd: '2026-12-31' },
      { key: '党课', name: '党课', count: 0, periodEnd: '2026-12-31' },
    ];
    const late = toRow({ branch: '丁支部', total: 4, criteria: new Map([[7, 1]]), grassroots: 1, cadence }, '2026-12-26');
    expect(late.grassroots.level).toBe('green');
    expect(late.status).toBe('red');
    const early = toRow({ branch: '戊支部', total: 4, criteria: new Map([[7, 1]]), grassroots: 1, cadence }, '2026-12-10');
    expect(early.status).toBe('amber');
    const done = toRow({ branch: '己支部', total: 4, criteria: new Map([[7, 1]]), grassroots: 1, cadence: cadence.map((c) => ({ ...c, count: 1 })) }, '2026-12-26');
    expect(done.status).toBe('green');
    const picked = select([late, early, done], parseQuery(new URLSearchParams('status=red'), knowledge));
    expect(picked.rows.map((r) => r.branch)).toEqual(['丁支部']);
    expect(picked.counts).toEqual({ red: 1, amber: 1, green: 1, silent: 0 });
  });
});
