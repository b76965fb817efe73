import { describe, expect, it } from 'vitest';
import { fastTrackSteps, minutesBetween, referralStatus } from './fast-track.js';

const clinician = { roles: ['staff'], departmentCode: 'NK' };
const head = { roles: ['dept_head', 'staff'], departmentCode: 'NK' };

describe('fast-track review steps', () => {
  it('sends a clinician’s referral to the head of their department, due at the target', () => {
    expect(fastTrackSteps(['dept_head'], clinician, 30)).toEqual([{ role: 'dept_head', departmentCode: 'NK', dueWithinMinutes: 30 }]);
  });

  it('gives a head’s own referral to the information administrator: nobody reviews their own', () => {
    expect(fastTrackSteps(['dept_head'], head, 30)).toEqual([{ role: 'info_admin', departmentCode: null, dueWithinMinutes: 30 }]);
    expect(fastTrackSteps(['dept_head'], { roles: ['staff'], departmentCode: null }, 30)).toEqual([{ role: 'info_admin', departmentCode: null, dueWithinMinutes: 30 }]);
  });

  it('keeps the configured order and drops a step the substitution makes twice', () => {
    expect(fastTrackSteps(['dept_head', 'privacy_officer'], clinician, 45).map((s) => s.role)).toEqual(['dept_head', 'privacy_officer']);
    expect(fastTrackSteps(['dept_head', 'info_admin'], head, 45)).toEqual([{ role: 'info_admin', departmentCode: null, dueWithinMinutes: 45 }]);
  });
});

describe('referral status', () => {
  const submitted = '2026-11-25T09:00:00.000Z';
  it('follows the share request: submitted until a step of this submission is decided, approved once granted', () => {
    expect(referralStatus('in_review', submitted, [])).toBe('submitted');
    expect(referralStatus('in_review', submitted, [{ decidedAt: '2026-11-25T08:00:00.000Z' }])).toBe('submitted');
    expect(referralStatus('in_review', submitted, [{ decidedAt: '2026-11-25T09:05:00.000Z' }])).toBe('in_review');
    expect(referralStatus('granted', submitted, [])).toBe('approved');
    expect(referralStatus('closed', submitted, [])).toBe('approved');
    for (const state of ['returned', 'rejected', 'withdrawn'] as const) expect(referralStatus(state, submitted, [])).toBe(state);
  });

  it('measures minutes to a tenth', () => {
    expect(minutesBetween('2026-11-25T09:00:00.000Z', '2026-11-25T09:12:30.000Z')).toBe(12.5);
    expect(minutesBetween('2026-11-25T09:00:00.000Z', '2026-11-25T09:00:00.000Z')).toBe(0);
  });
});
