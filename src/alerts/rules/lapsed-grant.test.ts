import { describe, expect, it } from 'vitest';
import { lapsedGrant } from './lapsed-grant.js';
import { entry, readOf } from '../../../test/support/alert-entries.js';

const refusedUnder = (status: string, at: string) => readOf('p1', at, { outcome: 'denied', reason: 'RECORD_NOT_FOUND', grantId: 'g1', accessBasis: null, details: { refused: 'no-rule', catalog: 'CLIN_LAB_REPORT', lapsedGrant: { id: 'g1', status } } });
const download = (reason: string, at: string) => entry({ at, action: 'export', objectType: 'export_package', objectId: 'pkg1', grantId: 'g2', accessBasis: null, outcome: 'denied', reason, details: { change: 'download' } });

describe('use of expired or revoked grants', () => {
  it('fires for a read refused under a lapsed grant, high when it was revoked', () => {
    expect(lapsedGrant([refusedUnder('revoked', '2026-11-25T02:00:00Z')], 0)[0]).toMatchObject({ rule: 'lapsed-grant', severity: 'high', facts: { grantId: 'g1', grantStatus: 'revoked', attempts: 1, via: 'record' } });
    expect(lapsedGrant([refusedUnder('expired', '2026-11-25T02:00:00Z')], 0)[0]!.severity).toBe('medium');
  });

  it('fires for a package download refused because its grant ended, and gathers a day per grant', () => {
    const entries = [download('PACKAGE_GRANT_ENDED', '2026-11-25T02:00:00Z'), download('PACKAGE_GRANT_ENDED', '2026-11-25T03:00:00Z')];
    const alerts = lapsedGrant(entries, 0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ facts: { grantId: 'g2', grantStatus: 'ended', attempts: 2, via: 'export_package' }, evidence: entries.map((e) => e.seq) });
  });

  it('stays silent for other refusals, successful reads and entries already scanned', () => {
    const quiet = [readOf('p1', '2026-11-25T02:00:00Z', { outcome: 'denied', details: { refused: 'no-rule' } }), download('PACKAGE_EXPIRED', '2026-11-25T02:00:00Z'), readOf('p1', '2026-11-25T02:00:00Z', { grantId: 'g1', accessBasis: 'grant:g1' })];
    expect(lapsedGrant(quiet, 0)).toEqual([]);
    const old = refusedUnder('revoked', '2026-11-25T02:00:00Z');
    expect(lapsedGrant([old], old.seq + 1)).toEqual([]);
  });
});
