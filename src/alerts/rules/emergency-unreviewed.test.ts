import { describe, expect, it } from 'vitest';
import { emergencyUnreviewed, type PendingEmergency } from './emergency-unreviewed.js';

const params = { enabled: true, hours: 24 };
const window = (id: string, openedAt: string, openingSeq: number | null = 7): PendingEmergency => ({ id, subject: { userId: 'u-li', username: 'dr.li', departmentId: 'd-wk' }, openedAt, openingSeq });

describe('emergency access not reviewed in time', () => {
  it('fires once the review is 24 hours overdue, with the opening entry as evidence', () => {
    const [alert] = emergencyUnreviewed([window('e1', '2026-11-25T02:00:00.000Z')], new Date('2026-11-26T02:00:00.000Z'), params);
    expect(alert).toMatchObject({ rule: 'emergency-unreviewed', severity: 'medium', dedupeKey: 'emergency-unreviewed:e1', subject: { userId: 'u-li' }, evidence: [7], occurredAt: '2026-11-26T02:00:00.000Z', facts: { hoursOpen: 24, reviewHours: 24 } });
  });

  it('stays silent before the deadline and keeps an alert without evidence when the entry was archived', () => {
    expect(emergencyUnreviewed([window('e1', '2026-11-25T02:00:00.000Z')], new Date('2026-11-26T01:59:59.999Z'), params)).toEqual([]);
    expect(emergencyUnreviewed([window('e2', '2026-11-20T02:00:00.000Z', null)], new Date('2026-11-26T02:00:00.000Z'), params)[0]!.evidence).toEqual([]);
  });
});
