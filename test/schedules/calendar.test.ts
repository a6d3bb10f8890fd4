// The reminder calendar for a year, in Asia/Shanghai whatever the host's TZ, its defaults and
// configured overrides, and the catch-up window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { jobs, reminderSettings, yearOccurrences, type Occurrence } from '../../src/reminders/index.js';
import type { PlanContext } from '../../src/reminders/types.js';

const knowledge = loadKnowledge({ campaignYear: 2026 });

function plan(env: Record<string, string> = {}, campaignYear = 2026): PlanContext {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  return { calendar: knowledge.calendar, settings: reminderSettings(config), campaignYear };
}

const brief = (o: Occurrence): string => `${o.date} ${o.time} ${o.id}`;

let savedTz: string | undefined;
beforeAll(() => {
  // A host far from Shanghai: the calendar must not move.
  savedTz = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('reminder calendar 2026 (defaults)', () => {
  it('lists every reminder of the year in order, at 09:00 Shanghai', () => {
    expect(new Date('2026-06-01T12:00:00Z').getTimezoneOffset()).not.toBe(-480); // the host zone really differs
    const all = yearOccurrences(2026, jobs, plan()).filter((o) => o.job !== 'meetings');
    expect(all.map(brief)).toEqual([
      '2026-05-01 09:00 2026-05-01:grassroots',
      '2026-06-01 09:00 2026-06-01:grassroots',
      '2026-06-20 09:00 2026-06-20:grassroots',
      '2026-09-10 09:00 2026-09-10:phase-start:1',
      '2026-09-17 09:00 2026-09-17:phase-ending:1',
      '2026-09-21 09:00 2026-09-21:phase-start:2',
      '2026-10-28 09:00 2026-10-28:phase-ending:2',
      '2026-11-01 09:00 2026-11-01:phase-start:3',
      '2026-11-01 09:00 2026-11-01:grassroots',
      '2026-11-08 09:00 2026-11-08:paper',
      // 11-12: the paper reminder also covers the end of 总结提高阶段 (same day, same deadline).
      '2026-11-12 09:00 2026-11-12:paper',
      '2026-12-01 09:00 2026-12-01:grassroots',
      '2026-12-20 09:00 2026-12-20:grassroots',
    ]);
    for (const o of all) expect(o.at.toISOString()).toBe(`${o.date}T01:00:00.000Z`);
  });

  it('has only the 走基层 reminders outside the campaign year', () => {
    const other = yearOccurrences(2027, jobs, plan()).filter((o) => o.job !== 'meetings');
    expect(other.map((o) => o.job)).toEqual(Array(6).fill('grassroots'));
  });

  it('reminds of 三会一课 a week before every month end, naming what is due (quarterly kinds at quarter ends)', () => {
    const meetings = yearOccurrences(2027, jobs, plan()).filter((o) => o.job === 'meetings');
    expect(meetings.map((o) => o.date)).toEqual(['2027-01-24', '2027-02-21', '2027-03-24', '2027-04-23', '2027-05-24', '2027-06-23', '2027-07-24', '2027-08-24', '2027-09-23', '2027-10-24', '2027-11-23', '2027-12-24']);
    expect(meetings[0]?.title).toBe('三会一课提醒（支部委员会、党小组会尚无记录的支部）');
    expect(meetings[2]?.title).toBe('三会一课提醒（支部委员会、支部党员大会、党小组会、党课尚无记录的支部）');
  });
});

describe('configured times', () => {
  it('applies REMINDER_TIME and the REMINDER_SCHEDULE JSON', () => {
    const p = plan({
      REMINDER_TIME: '08:30',
      REMINDER_SCHEDULE: JSON.stringify({
        grassroots: { time: '10:15', dates: ['06-15', '12-15', '02-29'] },
        'phase-ending': { daysBefore: [5, 1] },
        paper: false,
        committee: false,
        meetings: { daysBefore: 3, time: '15:00', cadence: { 支部委员会: 'quarterly', 党小组会: 'off' } },
      }),
    });
    expect(yearOccurrences(2026, jobs, p).filter((o) => o.job === 'meetings').map(brief)).toEqual([
      '2026-03-28 15:00 2026-03-28:meetings',
      '2026-06-27 15:00 2026-06-27:meetings',
      '2026-09-27 15:00 2026-09-27:meetings',
      '2026-12-28 15:00 2026-12-28:meetings',
    ]);
    expect(p.settings.committee.enabled).toBe(false);
    const all = yearOccurrences(2026, jobs, p);
    expect(all.filter((o) => o.job === 'paper')).toEqual([]);
    expect(all.filter((o) => o.job === 'grassroots').map(brief)).toEqual(['2026-06-15 10:15 2026-06-15:grassroots', '2026-12-15 10:15 2026-12-15:grassroots']);
    expect(all.filter((o) => o.job === 'phase-ending').map((o) => o.date)).toEqual(['2026-09-15', '2026-09-19', '2026-10-26', '2026-10-30', '2026-11-10', '2026-11-14']);
    const start = all.find((o) => o.id === '2026-09-10:phase-start:1');
    expect(start?.at.toISOString()).toBe('2026-09-10T00:30:00.000Z');
    // 02-29 exists in leap years only.
    expect(yearOccurrences(2028, jobs, p).filter((o) => o.job === 'grassroots').map((o) => o.date)).toContain('2028-02-29');
  });

  it('refuses malformed settings with a Chinese message naming the variable', () => {
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig({ NODE_ENV: 'test', ...env });
      } catch (err) {
        if (err instanceof ConfigError) return err.message;
      }
      return '';
    };
    expect(problems({ REMINDER_TIME: '9点' })).toContain('REMINDER_TIME: 必须是 HH:mm');
    expect(problems({ REMINDER_TIME: '24:00' })).toContain('REMINDER_TIME');
    expect(problems({ REMINDER_SCHEDULE: '{oops' })).toContain('REMINDER_SCHEDULE: 必须是 JSON 对象');
    expect(problems({ REMINDER_SCHEDULE: '{"grassroots":{"dates":["13-01"]}}' })).toContain('grassroots.dates.0：日期必须是 MM-DD');
    expect(problems({ REMINDER_SCHEDULE: '{"paper":{"daysBefore":[0]}}' })).toContain('提前天数至少 1 天');
    expect(problems({ REMINDER_SCHEDULE: '{"weekly":{}}' })).toContain('不认识的项：weekly');
    expect(problems({ SCHEDULES_ENABLED: 'maybe' })).toContain('SCHEDULES_ENABLED');
    expect(loadConfig({ NODE_ENV: 'test' }).SCHEDULES_ENABLED).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', SCHEDULES_ENABLED: 'false' }).SCHEDULES_ENABLED).toBe(false);
  });
});
