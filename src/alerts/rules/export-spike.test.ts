import { describe, expect, it } from 'vitest';
import { exportSpike } from './export-spike.js';
import { entry } from '../../../test/support/alert-entries.js';

const params = { enabled: true, factor: 3, floor: 100, trailingDays: 30 };
const build = (records: number, at: string, overrides = {}) => entry({ at, action: 'export', objectType: 'export_package', objectId: 'pkg', grantId: 'g1', accessBasis: null, details: { change: 'build', records }, ...overrides });
/** One build a day, 10:00 local (02:00Z), for `days` days ending the day before 2026-11-25. */
const history = (days: number, records: number) => Array.from({ length: days }, (_, i) => build(records, new Date(Date.parse('2026-11-24T02:00:00Z') - (days - 1 - i) * 86_400_000).toISOString()));

describe('export volume spikes', () => {
  it('fires above the floor when there is no history, at the build that crosses it', () => {
    const entries = [build(60, '2026-11-25T01:00:00Z'), build(41, '2026-11-25T02:00:00Z')];
    const [alert, ...more] = exportSpike(entries, 0, params);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ rule: 'export-spike', severity: 'high', dedupeKey: 'export-spike:u-wang:2026-11-25', facts: { day: '2026-11-25', records: 101, packages: 2, trailingDailyMean: 0, limit: 100 }, occurredAt: entries[1]!.recordedAt });
    expect(alert!.evidence).toEqual(entries.map((e) => e.seq));
  });

  it('stays silent at exactly the limit, and judges a busy exporter against their own mean', () => {
    expect(exportSpike([build(100, '2026-11-25T01:00:00Z')], 0, params)).toEqual([]);
    // 30 days of 200 a day: a mean of 200, a limit of 600.
    const busy = history(30, 200);
    const atLimit = build(600, '2026-11-25T02:00:00Z');
    expect(exportSpike([...busy, atLimit], atLimit.seq, params)).toEqual([]);
    const spike = build(601, '2026-11-25T02:00:00Z');
    expect(exportSpike([...busy, spike], spike.seq, params)[0]).toMatchObject({ facts: { records: 601, trailingDailyMean: 200, limit: 600 } });
  });

  it('counts the hospital day, not the UTC day, and ignores downloads, refusals and other users', () => {
    // 23:30 local on the 24th is 15:30Z on the 24th; 00:30 local on the 25th is 16:30Z on the 24th.
    expect(exportSpike([build(60, '2026-11-24T15:30:00Z'), build(60, '2026-11-24T16:30:00Z')], 0, params)).toEqual([]);
    const quiet = [
      build(60, '2026-11-25T01:00:00Z'),
      build(500, '2026-11-25T01:00:00Z', { details: { change: 'download', download: 1 } }),
      build(500, '2026-11-25T01:00:00Z', { outcome: 'error', details: { change: 'build' } }),
      build(60, '2026-11-25T01:00:00Z', { actorId: 'u-li' }),
    ];
    expect(exportSpike(quiet, 0, params)).toEqual([]);
  });

  it('uses the look-back for the mean and the day so far, raising only at new builds', () => {
    const morning = build(90, '2026-11-25T01:00:00Z');
    expect(exportSpike([morning], morning.seq + 1, params)).toEqual([]);
    const afternoon = build(20, '2026-11-25T06:00:00Z');
    expect(exportSpike([morning, afternoon], afternoon.seq, params)[0]).toMatchObject({ facts: { records: 110 } });
  });
});
