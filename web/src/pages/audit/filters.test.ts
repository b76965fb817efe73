import { describe, expect, it } from 'vitest';
import { auditFilter, timeRange } from './filters';

describe('timeRange', () => {
  it('starts at the picked minute and ends after the whole last minute (the API end is exclusive)', () => {
    const from = new Date('2026-03-01T08:15:42.123Z');
    const to = new Date('2026-03-01T10:30:07.000Z');
    expect(timeRange([from, to])).toEqual({ from: '2026-03-01T08:15:00.000Z', to: '2026-03-01T10:31:00.000Z' });
  });

  it('allows an open start or end', () => {
    expect(timeRange([null, new Date('2026-03-01T23:59:00Z')])).toEqual({ to: '2026-03-02T00:00:00.000Z' });
    expect(timeRange([new Date('2026-03-01T00:00:00Z'), undefined])).toEqual({ from: '2026-03-01T00:00:00.000Z' });
  });

  it('is empty without a range or with invalid dates', () => {
    expect(timeRange(undefined)).toEqual({});
    expect(timeRange(null)).toEqual({});
    expect(timeRange([new Date('nonsense'), null])).toEqual({});
  });
});

describe('auditFilter', () => {
  it('trims text, drops blanks and maps every field to its query parameter', () => {
    expect(
      auditFilter({
        range: [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T23:59:00Z')],
        actor: '  dr.wang ',
        department: 'dep-nk',
        patient: ' P001 ',
        action: 'login_failed',
        outcome: 'denied',
        grant: ' ',
      }),
    ).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
      actor: 'dr.wang',
      department: 'dep-nk',
      patient: 'P001',
      action: 'login_failed',
      outcome: 'denied',
    });
  });

  it('is empty when nothing is set', () => {
    expect(auditFilter({})).toEqual({});
    expect(auditFilter({ actor: '', patient: '   ', range: [null, null] })).toEqual({});
  });
});
