import { describe, expect, it } from 'vitest';
import { isoWeekOf, isQuarterId, isQuarterOver, previousQuarter, quarterOf, quarterPeriod } from './period.js';

describe('quarters by the hospital calendar (UTC+8)', () => {
  it('spans local midnight to local midnight', () => {
    expect(quarterPeriod('2026-Q4')).toEqual({ quarter: '2026-Q4', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(quarterPeriod('2027-Q1')).toEqual({ quarter: '2027-Q1', from: '2026-12-31T16:00:00.000Z', to: '2027-03-31T16:00:00.000Z' });
    expect(() => quarterPeriod('2026-Q5' as never)).toThrow(RangeError);
    expect(isQuarterId('2026-Q3')).toBe(true);
    expect(isQuarterId('2026-q3')).toBe(false);
  });

  it('places an instant in its local quarter, and knows when one is over', () => {
    expect(quarterOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-Q1');
    expect(previousQuarter('2027-Q1')).toBe('2026-Q4');
    expect(previousQuarter('2026-Q3')).toBe('2026-Q2');
    expect(isQuarterOver('2026-Q4', new Date('2026-12-31T15:59:59Z'))).toBe(false);
    expect(isQuarterOver('2026-Q4', new Date('2026-12-31T16:00:00Z'))).toBe(true);
  });

  it('names ISO weeks in local time', () => {
    expect(isoWeekOf('2026-10-01T00:00:00Z')).toBe('2026-W40');
    // Monday 2026-12-28 08:00 local is still week 53 of 2026 (2026 has 53 ISO weeks).
    expect(isoWeekOf('2026-12-28T00:00:00Z')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04T00:00:00Z')).toBe('2027-W01');
    // Sunday 23:30 UTC is Monday 07:30 in Shanghai: the next week.
    expect(isoWeekOf('2026-10-04T23:30:00Z')).toBe('2026-W41');
  });
});
