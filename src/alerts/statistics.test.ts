import { describe, expect, it } from 'vitest';
import { alertStatistics } from './statistics.js';

const Q4 = { from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' };
const row = (rule: string, raisedAt: string, status = 'open', triagedAt: string | null = null) => ({ rule, raised_at: raisedAt, status, triaged_at: triagedAt });

describe('alert statistics for a quarter', () => {
  it('counts raised by rule, triage decisions in the period and alerts open at its end', () => {
    const stats = alertStatistics(
      [
        row('bulk-access', '2026-10-01T00:00:00.000Z'),
        row('bulk-access', '2026-11-01T00:00:00.000Z', 'dismissed', '2026-11-02T00:00:00.000Z'),
        row('off-hours', '2026-12-31T15:59:59.999Z', 'escalated', '2027-01-02T00:00:00.000Z'),
        // Raised the quarter before, triaged in this one.
        row('dormant-account', '2026-09-01T00:00:00.000Z', 'escalated', '2026-10-05T00:00:00.000Z'),
        // Raised after the end.
        row('bulk-access', '2026-12-31T16:00:00.000Z'),
      ],
      Q4,
    );
    expect(stats).toMatchObject({ raised: 3, dismissed: 1, escalated: 1, open: 2 });
    expect(stats.byRule).toHaveLength(8);
    expect(stats.byRule[0]).toEqual({ key: 'bulk-access', label: { zh: '批量访问', en: 'Bulk access' }, count: 2 });
    expect(stats.byRule.find((r) => r.key === 'off-hours')!.count).toBe(1);
    expect(stats.byRule.find((r) => r.key === 'dormant-account')!.count).toBe(0);
  });

  it('is all zeros for an empty quarter', () => {
    expect(alertStatistics([], Q4)).toMatchObject({ raised: 0, dismissed: 0, escalated: 0, open: 0 });
  });
});
