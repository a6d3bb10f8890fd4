import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isValidDate, shanghaiDate, shanghaiInstant } from '../../src/time.js';

describe('Shanghai calendar time', () => {
  it('takes the Shanghai date of an instant, not the host date', () => {
    expect(shanghaiDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });
  it('builds instants from Shanghai wall-clock times', () => {
    expect(shanghaiInstant('2026-11-12', '09:00').toISOString()).toBe('2026-11-12T01:00:00.000Z');
  });
  it('counts days and validates dates', () => {
    expect(daysBetween('2026-11-01', '2026-11-15')).toBe(14);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
  });
});
