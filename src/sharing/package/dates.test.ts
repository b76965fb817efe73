import { describe, expect, it } from 'vitest';
import { shiftDate } from './dates.js';
import { makeDateShifter, makePseudonymiser, PSEUDONYM_PATTERN } from './pseudonyms.js';

describe('shiftDate', () => {
  it('moves dates, dateTimes and instants by whole days, keeping time and zone', () => {
    expect(shiftDate('2026-09-09', 3)).toBe('2026-09-12');
    expect(shiftDate('2026-09-09T10:36:54+08:00', -10)).toBe('2026-08-30T10:36:54+08:00');
    expect(shiftDate('2026-12-30T23:59:59.123Z', 5)).toBe('2027-01-04T23:59:59.123Z');
    expect(shiftDate('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('keeps the interval between two values of one patient', () => {
    const admitted = '2026-03-01T08:00:00+08:00';
    const discharged = '2026-03-15T17:30:00+08:00';
    for (const days of [-30, -1, 1, 17, 30]) {
      const gap = Date.parse(shiftDate(discharged, days)!) - Date.parse(shiftDate(admitted, days)!);
      expect(gap).toBe(Date.parse(discharged) - Date.parse(admitted));
    }
  });

  it('leaves coarser values and non-dates alone', () => {
    expect(shiftDate('2026', 5)).toBeNull();
    expect(shiftDate('2026-09', 5)).toBeNull();
    expect(shiftDate('2026-02-31', 5)).toBeNull();
    expect(shiftDate('LR79467815-0011', 5)).toBeNull();
    expect(shiftDate('2026-09-09 10:00', 5)).toBeNull();
  });
});

describe('keyed pseudonyms and date offsets', () => {
  const key = Buffer.alloc(32, 7);

  it('gives stable 128-bit pseudonyms that differ by key', () => {
    const one = makePseudonymiser('HMAC-SHA-256', key);
    const other = makePseudonymiser('HMAC-SHA-256', Buffer.alloc(32, 8));
    expect(one('Patient/123')).toMatch(PSEUDONYM_PATTERN);
    expect(one('Patient/123')).toBe(makePseudonymiser('HMAC-SHA-256', key)('Patient/123'));
    expect(one('Patient/123')).not.toBe(one('Patient/124'));
    expect(one('Patient/123')).not.toBe(other('Patient/123'));
    expect(makePseudonymiser('HMAC-SM3', key)('Patient/123')).not.toBe(one('Patient/123'));
  });

  it('offsets each patient by a deterministic, non-zero number of days within ±N', () => {
    const shift = makeDateShifter('HMAC-SHA-256', key, 10);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const days = shift(`Patient/${i}`);
      expect(Math.abs(days)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(days)).toBeLessThanOrEqual(10);
      seen.add(days);
    }
    expect(seen.size).toBe(20);
    expect(shift('Patient/1')).toBe(makeDateShifter('HMAC-SHA-256', key, 10)('Patient/1'));
    expect(() => makeDateShifter('HMAC-SHA-256', key, 0)).toThrow(RangeError);
  });
});
