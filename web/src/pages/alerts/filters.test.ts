import { describe, expect, it } from 'vitest';
import { alertFilter, replaceById } from './filters';

describe('alertFilter', () => {
  it('leaves out what is not chosen', () => {
    expect(alertFilter({})).toEqual({});
    expect(alertFilter({ status: 'open' })).toEqual({ status: 'open' });
    expect(alertFilter({ rule: 'bulk-access', range: null })).toEqual({ rule: 'bulk-access' });
  });

  it('reads the time range in whole minutes with an exclusive end, as the audit log does', () => {
    const from = new Date('2026-11-26T01:00:30.000Z');
    const to = new Date('2026-11-26T02:30:10.000Z');
    expect(alertFilter({ range: [from, to] })).toEqual({ from: '2026-11-26T01:00:00.000Z', to: '2026-11-26T02:31:00.000Z' });
    expect(alertFilter({ range: [null, to] })).toEqual({ to: '2026-11-26T02:31:00.000Z' });
  });
});

describe('replaceById', () => {
  const a = { id: 'a', n: 1 };
  const b = { id: 'b', n: 2 };
  it('replaces one changed item in place', () => {
    expect(replaceById([a, b], { id: 'a', n: 9 })).toEqual([{ id: 'a', n: 9 }, b]);
    expect(replaceById([a], { id: 'z', n: 0 })).toEqual([a]);
  });
});
