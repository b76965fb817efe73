import { describe, expect, it } from 'vitest';
import { localTime } from '../local-time.js';
import { offHours, offHoursPeriod } from './off-hours.js';
import { readOf, searchOf } from '../../../test/support/alert-entries.js';

const params = { enabled: true, start: '22:00', end: '06:00', weekends: false, minLevel: 4, exemptBases: ['care-team' as const, 'emergency' as const] };
const levels: Record<string, number> = { CLIN_LAB_REPORT: 4, CLIN_INFECTIOUS_RESULT: 5, MGMT_EQUIPMENT: 1 };
const levelOf = (code: string) => levels[code];

// Asia/Shanghai is UTC+8 all year: 22:00 local is 14:00Z, 06:00 local is 22:00Z the day before.
describe('off-hours periods', () => {
  it('names a night after the local date it began on, edges included and excluded as [start, end)', () => {
    expect(offHoursPeriod(localTime('2026-11-25T14:00:00Z'), params)).toBe('2026-11-25');
    expect(offHoursPeriod(localTime('2026-11-25T13:59:59Z'), params)).toBeNull();
    expect(offHoursPeriod(localTime('2026-11-25T21:59:00Z'), params)).toBe('2026-11-25');
    expect(offHoursPeriod(localTime('2026-11-25T22:00:00Z'), params)).toBeNull();
    expect(offHoursPeriod(localTime('2026-11-25T17:00:00Z'), params)).toBe('2026-11-25');
  });

  it('covers whole weekend days when asked, and windows that do not wrap midnight', () => {
    // 2026-11-28 is a Saturday.
    const saturdayNoon = localTime('2026-11-28T04:00:00Z');
    expect(offHoursPeriod(saturdayNoon, params)).toBeNull();
    expect(offHoursPeriod(saturdayNoon, { ...params, weekends: true })).toBe('2026-11-28');
    expect(offHoursPeriod(localTime('2026-11-25T04:30:00Z'), { start: '12:00', end: '13:00', weekends: false })).toBe('2026-11-25');
    expect(offHoursPeriod(localTime('2026-11-25T04:30:00Z'), { start: '12:00', end: '12:00', weekends: false })).toBeNull();
  });
});

describe('off-hours access to sensitive data', () => {
  it('fires for level-4 reads at night, one alert per user and night', () => {
    const entries = [readOf('p1', '2026-11-25T15:00:00Z'), searchOf(['p2', 'p3'], '2026-11-25T19:30:00Z'), readOf('p1', '2026-11-26T15:00:00Z')];
    const alerts = offHours(entries, 0, params, levelOf);
    expect(alerts.map((a) => a.dedupeKey)).toEqual(['off-hours:u-wang:2026-11-25', 'off-hours:u-wang:2026-11-26']);
    expect(alerts[0]).toMatchObject({ rule: 'off-hours', severity: 'medium', facts: { reads: 2, maxLevel: 4, catalogs: ['CLIN_LAB_REPORT'], window: '22:00–06:00' } });
    expect(alerts[0]!.evidence).toEqual([entries[0]!.seq, entries[1]!.seq]);
  });

  it('is high for level 5 and counts the patient view as identifying (level 4)', () => {
    const level5 = readOf('p1', '2026-11-25T15:00:00Z', { details: { catalog: 'CLIN_INFECTIOUS_RESULT', returned: 1 } });
    expect(offHours([level5], 0, params, levelOf)[0]!.severity).toBe('high');
    const view = readOf('p1', '2026-11-25T15:00:00Z', { objectType: 'patient', details: { returned: 3, total: 3 } });
    expect(offHours([view], 0, params, levelOf)[0]!.facts).toMatchObject({ maxLevel: 4, catalogs: [] });
  });

  it('stays silent in working hours, below the level, for empty pages, refusals and exempt bases', () => {
    const quiet = [
      readOf('p1', '2026-11-25T02:00:00Z'),
      readOf('p1', '2026-11-25T15:00:00Z', { details: { catalog: 'MGMT_EQUIPMENT', returned: 1 } }),
      readOf('p1', '2026-11-25T15:00:00Z', { details: { catalog: 'UNKNOWN_THING', returned: 1 } }),
      searchOf([], '2026-11-25T15:00:00Z'),
      readOf('p1', '2026-11-25T15:00:00Z', { outcome: 'denied' }),
      readOf('p1', '2026-11-25T15:00:00Z', { accessBasis: 'care-team' }),
      searchOf(['p1', 'p2'], '2026-11-25T15:00:00Z', { accessBasis: 'care-team,emergency:e1' }),
    ];
    expect(offHours(quiet, 0, params, levelOf)).toEqual([]);
    expect(offHours([readOf('p1', '2026-11-25T15:00:00Z', { accessBasis: 'care-team,department' })], 0, params, levelOf)).toHaveLength(1);
    expect(offHours([readOf('p1', '2026-11-25T15:00:00Z')], 0, { ...params, minLevel: 5 }, levelOf)).toEqual([]);
  });

  it('leaves look-back entries to the scan that saw them', () => {
    const old = readOf('p1', '2026-11-25T15:00:00Z');
    expect(offHours([old], old.seq + 1, params, levelOf)).toEqual([]);
  });
});
