import { describe, expect, it } from 'vitest';
import { busiestFirst, hospitalQuarter } from './statistics';

describe('hospitalQuarter', () => {
  it('names the quarter by the hospital’s calendar (UTC+8)', () => {
    expect(hospitalQuarter(new Date('2026-11-02T01:00:00.000Z'))).toBe('2026-Q4');
    expect(hospitalQuarter(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-Q1');
    // Midnight of 1 April in Beijing is still 31 March in UTC.
    expect(hospitalQuarter(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-Q2');
    expect(hospitalQuarter(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-Q1');
  });
});

describe('busiestFirst', () => {
  it('orders by count, keeping the report’s order among equals', () => {
    const rows = [{ key: 'a', count: 0 }, { key: 'b', count: 2 }, { key: 'c', count: 0 }, { key: 'd', count: 2 }, { key: 'e', count: 5 }];
    expect(busiestFirst(rows).map((row) => row.key)).toEqual(['e', 'b', 'd', 'a', 'c']);
  });
});
