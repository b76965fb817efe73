import { describe, expect, it } from 'vitest';
import { feedbackDueAt, feedbackState, shareEndedAt } from './feedback.js';

const grant = { status: 'active', validTo: '2026-12-01T00:00:00.000Z', statusChangedAt: null };

describe('usage feedback timing', () => {
  it('is due the set number of days after the grant ends', () => {
    expect(feedbackDueAt(grant, 14)).toBe('2026-12-15T00:00:00.000Z');
    expect(feedbackState(grant, 14, null, new Date('2026-11-30T00:00:00Z'))).toBe('not-due');
    expect(feedbackState(grant, 14, null, new Date('2026-12-02T00:00:00Z'))).toBe('due');
    expect(feedbackState(grant, 14, null, new Date('2026-12-16T00:00:00Z'))).toBe('overdue');
    expect(feedbackState(grant, 14, '2026-12-10T00:00:00Z', new Date('2026-12-16T00:00:00Z'))).toBe('submitted');
  });
  it('counts from an early revocation, not the planned end', () => {
    const revoked = { status: 'revoked', validTo: '2026-12-01T00:00:00.000Z', statusChangedAt: '2026-11-20T00:00:00.000Z' };
    expect(shareEndedAt(revoked)).toBe('2026-11-20T00:00:00.000Z');
    expect(feedbackState(revoked, 14, null, new Date('2026-12-05T00:00:00Z'))).toBe('overdue');
    expect(shareEndedAt({ status: 'suspended', validTo: '2026-12-01T00:00:00.000Z', statusChangedAt: '2026-11-20T00:00:00.000Z' })).toBe('2026-12-01T00:00:00.000Z');
  });
  it('starts the clock at the first package download when that comes first', () => {
    const downloaded = { ...grant, firstDownloadAt: '2026-11-10T08:00:00.000Z' };
    expect(shareEndedAt(downloaded)).toBe('2026-11-10T08:00:00.000Z');
    expect(feedbackDueAt(downloaded, 14)).toBe('2026-11-24T08:00:00.000Z');
    expect(feedbackState(downloaded, 14, null, new Date('2026-11-11T00:00:00Z'))).toBe('due');
    // A download after an early revocation does not move the end later.
    expect(shareEndedAt({ status: 'revoked', validTo: '2026-12-01T00:00:00.000Z', statusChangedAt: '2026-11-05T00:00:00.000Z', firstDownloadAt: '2026-11-10T00:00:00.000Z' })).toBe('2026-11-05T00:00:00.000Z');
  });
});
