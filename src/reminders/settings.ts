// When reminders go out. The defaults live here and nowhere else; REMINDER_TIME and
// REMINDER_SCHEDULE (validated by the zod schemas below, wired in src/config.ts) override them.
import { z } from 'zod';
import { zhError } from '../zod-zh.js';
import { DEFAULT_CADENCE, type MeetingCadence } from '../reports/meetings.js';

export const JOB_NAMES = ['phase-start', 'phase-ending', 'paper', 'grassroots', 'meetings'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface ReminderSettings {
  'phase-start': { enabled: boolean; time: string };
  /** Days before each phase's last day. */
  'phase-ending': { enabled: boolean; time: string; daysBefore: number[] };
  /** Days before the paper summary deadline (11/15). */
  paper: { enabled: boolean; time: string; daysBefore: number[] };
  /** Month-days (MM-DD) in the last two months of each half-year. */
  grassroots: { enabled: boolean; time: string; dates: string[] };
  /** 三会一课: days before each period's end, and each meeting kind's cadence. */
  meetings: { enabled: boolean; time: string; daysBefore: number; cadence: MeetingCadence };
  /** A short overview to committee groups alongside the 走基层 reminder. */
  committee: { enabled: boolean };
}

export const REMINDER_DEFAULTS = {
  time: '09:00',
  phaseEndingDaysBefore: [3],
  paperDaysBefore: [7, 3],
  grassrootsDates: ['05-01', '06-01', '06-20', '11-01', '12-01', '12-20'],
  committeeOverview: true,
  meetingsDaysBefore: 7,
} as const;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const timeOfDay = z.string().trim().regex(TIME, '时间必须是 HH:mm（北京时间，24 小时制），例如 09:00');

/** REMINDER_TIME: the default time of every reminder; empty means 09:00. */
export const reminderTimeEnv = z
  .string()
  .optional()
  .transform((v, ctx): string => {
    if (v === undefined || v.trim() === '') return REMINDER_DEFAULTS.time;
    if (!TIME.test(v.trim())) {
      ctx.addIssue({ code: 'custom', message: '必须是 HH:mm（北京时间，24 小时制），例如 09:00' });
      return z.NEVER;
    }
    return v.trim();
  });

const monthDay = z.string().refine((v) => {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  // 2024 is a leap year, so 02-29 is accepted (and skipped in other years).
  return month >= 1 && month <= 12 && day >= 1 && new Date(Date.UTC(2024, month - 1, day)).getUTCDate() === day;
}, '日期必须是 MM-DD，例如 06-20');

const daysBefore = z
  .array(z.number().int('提前天数必须是整数').min(1, '提前天数至少 1 天').max(60, '提前天数最多 60 天'))
  .min(1, '至少写一个提前天数')
  .max(10, '最多 10 个提前天数');

const off = z.literal(false);

const cadenceValue = z.enum(['monthly', 'quarterly', 'off'], '周期必须是 monthly（每月）、quarterly（每季度）或 off（不跟踪）');

export const reminderOverridesSchema = z
  .object({
    'phase-start': z.union([off, z.object({ time: timeOfDay.optional() }).strict()]).optional(),
    'phase-ending': z.union([off, z.object({ time: timeOfDay.optional(), daysBefore: daysBefore.optional() }).strict()]).optional(),
    paper: z.union([off, z.object({ time: timeOfDay.optional(), daysBefore: daysBefore.optional() }).strict()]).optional(),
    grassroots: z
      .union([off, z.object({ time: timeOfDay.optional(), dates: z.array(monthDay).min(1, '至少写一个日期').max(24).optional() }).strict()])
      .optional(),
    meetings: z
      .union([
        off,
        z
          .object({
            time: timeOfDay.optional(),
            daysBefore: z.number().int('提前天数必须是整数').min(1, '提前天数至少 1 天').max(20, '提前天数最多 20 天').optional(),
            cadence: z
              .object({
                支部委员会: cadenceValue.exactOptional(),
                支部党员大会: cadenceValue.exactOptional(),
                党小组会: cadenceValue.exactOptional(),
                党课: cadenceValue.exactOptional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      ])
      .optional(),
    committee: z.boolean().optional(),
  })
  .strict();

export type ReminderOverrides = z.output<typeof reminderOverridesSchema>;

/** REMINDER_SCHEDULE: a JSON object (see README); empty means the defaults. */
export const reminderScheduleEnv = z
  .string()
  .optional()
  .transform((v, ctx): ReminderOverrides | undefined => {
    if (v === undefined || v.trim() === '') return undefined;
    let json: unknown;
    try {
      json = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: '必须是 JSON 对象，例如 {"grassroots":{"time":"10:00"},"paper":{"daysBefore":[7,3]}}' });
      return z.NEVER;
    }
    const parsed = reminderOverridesSchema.safeParse(json, { error: zhError });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.join('.');
        const message = issue.code === 'unrecognized_keys' ? `不认识的项：${issue.keys.join('、')}（可用：${[...JOB_NAMES, 'committee'].join('、')}、time、daysBefore、dates、cadence）` : issue.message;
        ctx.addIssue({ code: 'custom', message: where ? `${where}：${message}` : message });
      }
      return z.NEVER;
    }
    return parsed.data;
  });

/** The effective settings: defaults, then REMINDER_TIME, then REMINDER_SCHEDULE. */
export function reminderSettings(input: { REMINDER_TIME?: string; REMINDER_SCHEDULE?: ReminderOverrides | undefined } = {}): ReminderSettings {
  const time = input.REMINDER_TIME ?? REMINDER_DEFAULTS.time;
  const o = input.REMINDER_SCHEDULE ?? {};
  const pick = <T extends object>(value: false | T | undefined): { enabled: boolean; over: Partial<T> } =>
    value === false ? { enabled: false, over: {} } : { enabled: true, over: value ?? {} };
  const phaseStart = pick(o['phase-start']);
  const phaseEnding = pick(o['phase-ending']);
  const paper = pick(o.paper);
  const grassroots = pick(o.grassroots);
  const meetings = pick(o.meetings);
  return {
    'phase-start': { enabled: phaseStart.enabled, time: phaseStart.over.time ?? time },
    'phase-ending': {
      enabled: phaseEnding.enabled,
      time: phaseEnding.over.time ?? time,
      daysBefore: [...(phaseEnding.over.daysBefore ?? REMINDER_DEFAULTS.phaseEndingDaysBefore)],
    },
    paper: { enabled: paper.enabled, time: paper.over.time ?? time, daysBefore: [...(paper.over.daysBefore ?? REMINDER_DEFAULTS.paperDaysBefore)] },
    grassroots: { enabled: grassroots.enabled, time: grassroots.over.time ?? time, dates: [...(grassroots.over.dates ?? REMINDER_DEFAULTS.grassrootsDates)] },
    meetings: {
      enabled: meetings.enabled,
      time: meetings.over.time ?? time,
      daysBefore: meetings.over.daysBefore ?? REMINDER_DEFAULTS.meetingsDaysBefore,
      cadence: { ...DEFAULT_CADENCE, ...meetings.over.cadence },
    },
    committee: { enabled: o.committee ?? REMINDER_DEFAULTS.committeeOverview },
  };
}
