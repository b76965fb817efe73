import { describe, expect, it } from 'vitest';
import { addDays, clockMinutes, localTime } from './local-time.js';

describe("the hospital's local time", () => {
  it('reads an instant in Asia/Shanghai (UTC+8, no daylight saving)', () => {
    expect(localTime('2026-11-25T15:59:00Z')).toEqual({ date: '2026-11-25', minutes: 23 * 60 + 59, weekday: 3 });
    expect(localTime('2026-11-25T16:00:00Z')).toEqual({ date: '2026-11-26', minutes: 0, weekday: 4 });
    expect(localTime('2026-07-01T00:30:00Z')).toMatchObject({ date: '2026-07-01', minutes: 8 * 60 + 30 });
  });

  it('moves calendar dates across months and years, and reads HH:MM', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-25', -30)).toBe('2026-10-26');
    expect(clockMinutes('22:30')).toBe(1350);
  });
});
