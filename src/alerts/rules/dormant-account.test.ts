import { describe, expect, it } from 'vitest';
import { dormantAccount } from './dormant-account.js';
import { entry, readOf } from '../../../test/support/alert-entries.js';

const params = { enabled: true, days: 90 };
const login = (at: string, overrides = {}) => entry({ at, action: 'login', objectType: 'session', objectId: null, accessBasis: null, ...overrides });

describe('dormant accounts that wake up', () => {
  it('fires at the first entry after the dormancy period, with what followed as evidence', () => {
    const woke = [login('2026-11-25T01:00:00Z'), readOf('p1', '2026-11-25T01:05:00Z')];
    const prior = new Map([['u-wang', { lastAt: '2026-08-27T01:00:00.000Z', createdAt: '2025-01-01T00:00:00.000Z' }]]);
    const [alert, ...more] = dormantAccount(woke, 0, params, prior);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ rule: 'dormant-account', severity: 'medium', dedupeKey: `dormant-account:u-wang:${woke[0]!.seq}`, facts: { idleDays: 90, thresholdDays: 90, lastActivityAt: '2026-08-27T01:00:00.000Z', wokeWith: 'login' } });
    expect(alert!.evidence).toEqual(woke.map((e) => e.seq));
  });

  it('stays silent a moment short of the period, and for accounts in use', () => {
    const prior = new Map([['u-wang', { lastAt: '2026-08-27T01:00:00.001Z', createdAt: '2025-01-01T00:00:00.000Z' }]]);
    expect(dormantAccount([login('2026-11-25T01:00:00Z')], 0, params, prior)).toEqual([]);
    const daily = Array.from({ length: 5 }, (_, i) => login(`2026-11-2${i}T01:00:00Z`));
    expect(dormantAccount(daily, 0, params, new Map([['u-wang', { lastAt: '2026-11-19T01:00:00.000Z', createdAt: null }]]))).toEqual([]);
  });

  it('judges an account without activity in the period by its age', () => {
    const fresh = new Map([['u-wang', { lastAt: null, createdAt: '2026-11-01T00:00:00.000Z' }]]);
    expect(dormantAccount([login('2026-11-25T01:00:00Z')], 0, params, fresh)).toEqual([]);
    const old = new Map([['u-wang', { lastAt: null, createdAt: '2026-01-01T00:00:00.000Z' }]]);
    expect(dormantAccount([login('2026-11-25T01:00:00Z')], 0, params, old)[0]).toMatchObject({ facts: { lastActivityAt: null, idleDays: null } });
  });

  it('measures gaps inside the new entries, and ignores users it knows nothing of and non-users', () => {
    const prior = new Map([['u-wang', { lastAt: '2026-11-20T00:00:00.000Z', createdAt: null }]]);
    const entries = [login('2026-11-21T01:00:00Z'), login('2027-03-01T01:00:00Z'), login('2027-03-01T01:00:00Z', { actorId: 'u-li' }), login('2027-03-01T01:00:00Z', { actorType: 'system', actorId: null })];
    const alerts = dormantAccount(entries, 0, params, prior);
    expect(alerts.map((a) => a.evidence[0])).toEqual([entries[1]!.seq]);
    expect(alerts[0]!.facts).toMatchObject({ lastActivityAt: entries[0]!.recordedAt, idleDays: 100 });
  });
});
