import { describe, expect, it } from 'vitest';
import { parseDateArg, parseDateIn, parsePeriodIn } from '../../src/knowledge/dates.js';
import { at } from './support.js';

// 2026-10-08 is a Thursday.
const NOW = at('2026-10-08');
const dateOf = (text: string, now = NOW) => {
  const r = parseDateIn(text, now, 2026);
  return r?.ok ? r.date : r === null ? null : `error: ${r.message}`;
};

describe('date expressions', () => {
  it.each([
    ['今天', '2026-10-08'],
    ['明天什么阶段', '2026-10-09'],
    ['后天', '2026-10-10'],
    ['大后天', '2026-10-11'],
    ['昨天', '2026-10-07'],
    ['3天后', '2026-10-11'],
    ['下周', '2026-10-15'],
    ['下周三', '2026-10-14'],
    ['周日', '2026-10-11'],
    ['上周一', '2026-09-28'],
    ['国庆', '2026-10-01'],
    ['11月5日', '2026-11-05'],
    ['11月5号', '2026-11-05'],
    ['十一月五号', '2026-11-05'],
    ['2026-11-05', '2026-11-05'],
    ['2027年11月5日', '2027-11-05'],
    ['2026/11/5', '2026-11-05'],
    ['11.5', '2026-11-05'],
    ['11/5', '2026-11-05'],
    ['15号', '2026-10-15'],
  ])('%s → %s', (text, date) => {
    expect(dateOf(text)).toBe(date);
  });

  it('counts relative days in Asia/Shanghai', () => {
    // 2026-10-08 17:00 UTC is already 10-09 01:00 in Shanghai.
    expect(dateOf('明天', new Date('2026-10-08T17:00:00Z'))).toBe('2026-10-10');
  });

  it.each(['第7条', '三会一课', '617室', '晋科社行党发〔2019〕5号', '2019年学习计划', '一年要几次'])('finds no date in %s', (text) => {
    expect(dateOf(text)).toBeNull();
  });

  it.each(['2月30日', '13月1日', '2026-02-29'])('reports %s as impossible', (text) => {
    expect(dateOf(text)).toMatch(/^error: .*不是有效日期/u);
  });

  it('reads a whole command argument, empty meaning today', () => {
    expect(parseDateArg('', NOW, 2026)).toMatchObject({ ok: true, date: '2026-10-08' });
    expect(parseDateArg('11月5日', NOW, 2026)).toMatchObject({ ok: true, date: '2026-11-05' });
    expect(parseDateArg('11月5日是什么阶段', NOW, 2026)).toMatchObject({ ok: true, date: '2026-11-05' });
    expect(parseDateArg('11月5日开会', NOW, 2026).ok).toBe(false);
    expect(parseDateArg('随便', NOW, 2026).ok).toBe(false);
  });
});

describe('periods', () => {
  it.each([
    ['9月下旬到10月底主要做什么', '2026-09-21', '2026-10-31'],
    ['11月初要做什么', '2026-11-01', '2026-11-10'],
    ['10月中旬', '2026-10-11', '2026-10-20'],
    ['十月下旬', '2026-10-21', '2026-10-31'],
    ['10月份干啥', '2026-10-01', '2026-10-31'],
    ['9月10日到20日', '2026-09-10', '2026-09-20'],
  ])('%s is %s to %s', (text, start, end) => {
    expect(parsePeriodIn(text, 2026)).toMatchObject({ start, end });
  });

  it.each(['11月5日', '第10条', '今天'])('%s is not a period', (text) => {
    expect(parsePeriodIn(text, 2026)).toBeNull();
  });
});
