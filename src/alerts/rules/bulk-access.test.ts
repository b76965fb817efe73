import { describe, expect, it } from 'vitest';
import { bulkAccess } from './bulk-access.js';
import { patientIds, readOf, searchOf } from '../../../test/support/alert-entries.js';

const params = { enabled: true, maxPatients: 10, windowMinutes: 60 };

describe('bulk access', () => {
  it('fires when one user touches more than the limit of patients within the window', () => {
    const entries = [searchOf(patientIds(6), '2026-11-25T01:00:00Z'), searchOf(patientIds(11).slice(5), '2026-11-25T01:30:00Z')];
    const [alert, ...more] = bulkAccess(entries, 0, params);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ rule: 'bulk-access', severity: 'high', subject: { userId: 'u-wang', username: 'dr.wang', departmentId: 'd-nk' }, facts: { patients: 11, threshold: 10, windowMinutes: 60, entries: 2 } });
    expect(alert!.evidence).toEqual(entries.map((e) => e.seq));
  });

  it('stays silent at exactly the limit, and for the same patients read again and again', () => {
    expect(bulkAccess([searchOf(patientIds(10), '2026-11-25T01:00:00Z')], 0, params)).toEqual([]);
    const again = Array.from({ length: 30 }, (_, i) => readOf(`p${(i % 10) + 1}`, `2026-11-25T01:${String(i).padStart(2, '0')}:00Z`));
    expect(bulkAccess(again, 0, params)).toEqual([]);
  });

  it('forgets patients once they leave the window', () => {
    const entries = [searchOf(patientIds(6), '2026-11-25T01:00:00Z'), searchOf(patientIds(11).slice(6), '2026-11-25T02:00:00Z')];
    expect(bulkAccess(entries, 0, params)).toEqual([]);
    const justInside = [searchOf(patientIds(6), '2026-11-25T01:00:00.001Z'), searchOf(patientIds(11).slice(6), '2026-11-25T02:00:00Z')];
    expect(bulkAccess(justInside, 0, params)).toHaveLength(1);
  });

  it('counts each user on their own and ignores refused reads and other actions', () => {
    const entries = [
      searchOf(patientIds(6), '2026-11-25T01:00:00Z'),
      searchOf(patientIds(11).slice(5), '2026-11-25T01:10:00Z', { actorId: 'u-li', actorName: 'dr.li' }),
      searchOf(patientIds(11).slice(5), '2026-11-25T01:10:00Z', { outcome: 'denied' }),
      searchOf(patientIds(11).slice(5), '2026-11-25T01:10:00Z', { action: 'export', objectType: 'export_package' }),
    ];
    expect(bulkAccess(entries, 0, params)).toEqual([]);
  });

  it('uses the look-back to count but raises only at new entries, once per user and period', () => {
    const old = searchOf(patientIds(11), '2026-11-25T01:00:00Z');
    const next = [readOf('p12', '2026-11-25T01:05:00Z'), readOf('p13', '2026-11-25T01:06:00Z')];
    expect(bulkAccess([old], old.seq + 1, params)).toEqual([]);
    const raised = bulkAccess([old, ...next], next[0]!.seq, params);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ facts: { patients: 12 }, occurredAt: next[0]!.recordedAt });
    // The same burst seen again from the previous scan's start gives the same key.
    expect(bulkAccess([old, ...next], 0, params)[0]!.dedupeKey).toBe(raised[0]!.dedupeKey);
  });
});
