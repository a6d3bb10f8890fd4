// Calendar time is always Asia/Shanghai, whatever the host's TZ. China has no DST, so dates are
// computed with dayjs' timezone plugin and stored as YYYY-MM-DD strings.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

/** The one clock: injected as an option (`now?: Now`, default `systemNow`), so tests fix the time. */
export type Now = () => Date;
export const systemNow: Now = () => new Date();

/** A plain wait; a negative delay waits not at all. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function inShanghai(instant: Date): dayjs.Dayjs {
  return dayjs(instant).tz(ZONE);
}

/** Shanghai has been UTC+8 all year since 1992; dayjs' tz() (an Intl round trip per call) was a hot spot. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Shanghai calendar date of an instant, YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) return inShanghai(instant).format('YYYY-MM-DD');
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Shanghai wall-clock date and time of an instant, 'YYYY-MM-DD HH:mm:ss' (what a person reads). */
export function shanghaiDateTime(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) return '';
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function shanghaiYear(instant: Date): number {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** The instant of a Shanghai wall-clock time, e.g. ('2026-11-12', '09:00'). */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  return dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', ZONE).toDate();
}

/** The YYYY-MM-DD string of a calendar date (month and day 1-based). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from date a to date b (both YYYY-MM-DD); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Valid calendar date check for YYYY-MM-DD strings. */
export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}
