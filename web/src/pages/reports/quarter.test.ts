import { describe, expect, it } from 'vitest';
import { isoWeekOfDay, isQuarterId, isQuarterOver, previousQuarter, quarterDays, quarterFromParts, quarterOf, quarterPeriod, quarterWeeks, recentQuarters } from './quarter';

describe('quarterOf', () => {
  it('follows the hospital calendar (UTC+8), not the reader’s time zone', () => {
    // 2026-09-30T16:00Z is midnight of 1 October in Beijing.
    expect(quarterOf(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-Q3');
    expect(quarterOf(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027-Q1');
  });
});

describe('quarterPeriod', () => {
  it('is half-open from local midnight to local midnight, as the server reports it', () => {
    expect(quarterPeriod('2026-Q4')).toEqual({ from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(quarterPeriod('2027-Q1')).toEqual({ from: '2026-12-31T16:00:00.000Z', to: '2027-03-31T16:00:00.000Z' });
  });

  it('names the first and last calendar day', () => {
    expect(quarterDays('2026-Q3')).toEqual({ first: '2026-07-01', last: '2026-09-30' });
    expect(quarterDays('2028-Q1')).toEqual({ first: '2028-01-01', last: '2028-03-31' });
  });
});

describe('previousQuarter and recentQuarters', () => {
  it('steps back across the year', () => {
    expect(previousQuarter('2027-Q1')).toBe('2026-Q4');
    expect(previousQuarter('2026-Q3')).toBe('2026-Q2');
  });

  it('lists the current quarter first', () => {
    expect(recentQuarters(new Date('2026-11-26T06:00:00.000Z'), 4)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1']);
    expect(recentQuarters(new Date('2026-11-26T06:00:00.000Z'), 0)).toEqual([]);
  });
});

describe('isQuarterOver', () => {
  it('is over from the local midnight that starts the next quarter', () => {
    expect(isQuarterOver('2026-Q3', new Date('2026-09-30T15:59:59.999Z'))).toBe(false);
    expect(isQuarterOver('2026-Q3', new Date('2026-09-30T16:00:00.000Z'))).toBe(true);
  });
});

describe('isQuarterId and quarterFromParts', () => {
  it('accepts only the server’s pattern', () => {
    expect(isQuarterId('2026-Q4')).toBe(true);
    expect(isQuarterId('2026-Q5')).toBe(false);
    expect(isQuarterId('2026Q4')).toBe(false);
    expect(isQuarterId(undefined)).toBe(false);
  });

  it('builds a quarter from a year and a number in range', () => {
    expect(quarterFromParts(2026, 2)).toBe('2026-Q2');
    expect(quarterFromParts(2026, 5)).toBeUndefined();
    expect(quarterFromParts(2026.5, 1)).toBeUndefined();
  });
});

describe('isoWeekOfDay and quarterWeeks', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(isoWeekOfDay(new Date('2026-10-01T00:00:00.000Z'))).toBe('2026-W40');
    expect(isoWeekOfDay(new Date('2026-12-31T00:00:00.000Z'))).toBe('2026-W53');
    expect(isoWeekOfDay(new Date('2027-01-03T00:00:00.000Z'))).toBe('2026-W53');
    expect(isoWeekOfDay(new Date('2027-01-04T00:00:00.000Z'))).toBe('2027-W01');
    expect(isoWeekOfDay(new Date('2025-12-29T00:00:00.000Z'))).toBe('2026-W01');
  });

  it('lists every week of a finished quarter', () => {
    const weeks = quarterWeeks('2026-Q3', new Date('2026-11-26T06:00:00.000Z'));
    expect(weeks[0]).toBe('2026-W27');
    expect(weeks.at(-1)).toBe('2026-W40');
    expect(weeks).toHaveLength(14);
  });

  it('stops at the current week of a running quarter, by the hospital’s calendar', () => {
    // 2026-10-11T16:30Z is already Monday 12 October in Beijing (week 42).
    expect(quarterWeeks('2026-Q4', new Date('2026-10-11T16:30:00.000Z'))).toEqual(['2026-W40', '2026-W41', '2026-W42']);
    expect(quarterWeeks('2027-Q1', new Date('2026-11-26T06:00:00.000Z'))).toEqual([]);
  });
});
