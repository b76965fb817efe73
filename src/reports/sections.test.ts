import { describe, expect, it } from 'vitest';
import { countRows, deniedTotals, emergencyStatistics, feedbackStatistics, grantStatistics, percentile, requestStatistics } from './sections.js';

const period = { from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' };

describe('report sections', () => {
  it('times reviews per step against the deadline and per request to the final decision', () => {
    const requests = [
      { id: 'r1', submittedAt: '2026-10-01T00:00:00.000Z', state: 'approved', closedAt: null },
      { id: 'r2', submittedAt: '2026-10-02T00:00:00.000Z', state: 'rejected', closedAt: null },
      { id: 'r3', submittedAt: '2026-09-01T00:00:00.000Z', state: 'withdrawn', closedAt: '2026-10-05T00:00:00.000Z' },
      { id: 'r4', submittedAt: null, state: 'draft', closedAt: null },
    ];
    const reviews = [
      { requestId: 'r1', decision: 'return', decidedAt: '2026-10-01T10:00:00.000Z' },
      { requestId: 'r1', decision: 'narrow', decidedAt: '2026-10-04T10:00:00.000Z' },
      { requestId: 'r2', decision: 'reject', decidedAt: '2026-10-02T20:00:00.000Z' },
    ];
    expect(requestStatistics(requests, reviews, 48, period)).toEqual({
      filed: 2,
      approved: 0,
      narrowed: 1,
      returned: 1,
      rejected: 1,
      withdrawn: 1,
      // r1 step 1: 10 h (in time); r1 step 2: 72 h after the return (late); r2: 20 h (in time).
      reviews: { decided: 3, medianHours: 20, p90Hours: 82, withinDeadline: 2, pastDeadline: 1 },
    });
  });

  it('reads grants back as they stood at the end of the quarter', () => {
    const grant = (overrides: object) => ({ createdAt: '2026-10-01T00:00:00.000Z', status: 'active', statusChangedAt: null, validFrom: '2026-10-01T00:00:00.000Z', validTo: '2027-06-01T00:00:00.000Z', ...overrides });
    const stats = grantStatistics(
      [
        grant({}),
        grant({ status: 'revoked', statusChangedAt: '2026-11-01T00:00:00.000Z' }),
        grant({ status: 'revoked', statusChangedAt: '2027-02-01T00:00:00.000Z' }),
        grant({ validTo: '2026-12-01T00:00:00.000Z', status: 'expired', statusChangedAt: '2026-12-01T00:01:00.000Z' }),
        grant({ status: 'suspended', statusChangedAt: '2026-12-20T00:00:00.000Z' }),
        grant({ createdAt: '2027-01-05T00:00:00.000Z' }),
        grant({ createdAt: '2026-05-01T00:00:00.000Z' }),
      ],
      period,
    );
    expect(stats).toEqual({ created: 5, active: 3, expired: 1, revoked: 1, suspended: 1 });
  });

  it('sorts usage feedback that fell due into on time, late and overdue', () => {
    const items = [
      { dueAt: '2026-10-10T00:00:00.000Z', submittedAt: '2026-10-09T00:00:00.000Z' },
      { dueAt: '2026-10-10T00:00:00.000Z', submittedAt: '2026-10-11T00:00:00.000Z' },
      { dueAt: '2026-12-20T00:00:00.000Z', submittedAt: '2027-01-10T00:00:00.000Z' },
      { dueAt: '2026-12-20T00:00:00.000Z', submittedAt: null },
      { dueAt: '2027-01-20T00:00:00.000Z', submittedAt: null },
    ];
    expect(feedbackStatistics(items, period)).toEqual({ due: 4, onTime: 1, late: 1, overdue: 2 });
  });

  it('counts emergency accesses and their reviews by the end of the quarter', () => {
    const stats = emergencyStatistics(
      [
        { openedAt: '2026-10-01T00:00:00.000Z', reviewStatus: 'justified', reviewedAt: '2026-10-02T00:00:00.000Z' },
        { openedAt: '2026-10-03T00:00:00.000Z', reviewStatus: 'unjustified', reviewedAt: '2027-01-02T00:00:00.000Z' },
        { openedAt: '2026-10-04T00:00:00.000Z', reviewStatus: 'pending', reviewedAt: null },
        { openedAt: '2026-08-04T00:00:00.000Z', reviewStatus: 'pending', reviewedAt: null },
      ],
      period,
    );
    expect(stats).toMatchObject({ opened: 3, reviewed: 1, unreviewed: 2 });
    expect(stats.outcomes.map((o) => [o.key, o.count])).toEqual([['justified', 1], ['unjustified', 0]]);
  });

  it('labels and folds breakdowns, and takes percentiles by nearest rank', () => {
    const rows = countRows(new Map([['a', 5], ['b', 9], ['c', 5], ['d', 0], ['e', 1]]), (key) => ({ zh: key.toUpperCase(), en: key }), 2);
    expect(rows).toEqual([{ key: 'b', label: { zh: 'B', en: 'b' }, count: 9 }, { key: 'a', label: { zh: 'A', en: 'a' }, count: 5 }, { key: 'other', label: { zh: '其他', en: 'Other' }, count: 6 }]);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([3, 1, 2, 4], 0.5)).toBe(2);
    expect(percentile([3, 1, 2, 4], 0.9)).toBe(4);
  });

  it('adds denials of the same reason and user from rolled totals and the live tail, and ranks users stably', () => {
    const groups = [
      { reason: 'outside-scope', actorId: 'u2', actorName: '李医生', count: 3 },
      { reason: 'login_failed', actorId: null, actorName: null, count: 4 },
      { reason: 'outside-scope', actorId: 'u1', actorName: '王医生', count: 2 },
      { reason: 'grant expired', actorId: 'u1', actorName: '王医生', count: 1 },
      { reason: 'outside-scope', actorId: 'u3', actorName: null, count: 3 },
    ];
    const totals = deniedTotals(groups, 2);
    expect(Object.fromEntries(totals.reasons.map((r) => [r.reason, r.count]))).toEqual({ 'outside-scope': 8, login_failed: 4, 'grant expired': 1 });
    // u1, u2 and u3 each have 3; ties go by id, and the anonymous failed sign-ins name no user.
    expect(totals.users).toEqual([
      { actorId: 'u1', actorName: '王医生', count: 3 },
      { actorId: 'u2', actorName: '李医生', count: 3 },
    ]);
    expect(deniedTotals([], 10)).toEqual({ reasons: [], users: [] });
  });
});
