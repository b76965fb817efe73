import { describe, expect, it } from 'vitest';
import { FEEDBACK_STATES, GRANT_STATUSES, REQUEST_STATES, REVIEW_DECISIONS } from '../../api/types';
import { decisionColor, feedbackStateColor, grantStatusColor, isRequestState, mayRevoke, requestStateColor, revocable, severityColor, shortId } from './display';

describe('sharing display', () => {
  it('colours every known value and leaves unknown ones plain', () => {
    for (const state of REQUEST_STATES) expect(requestStateColor(state)).not.toBe('');
    for (const decision of REVIEW_DECISIONS) expect(decisionColor(decision)).not.toBe('default');
    for (const status of GRANT_STATUSES) expect(grantStatusColor(status)).toBeTruthy();
    for (const state of FEEDBACK_STATES) expect(feedbackStateColor(state)).toBeTruthy();
    expect(requestStateColor('archived')).toBe('default');
    expect(severityColor('fatal')).toBe('default');
    expect(feedbackStateColor('overdue')).toBe('error');
    expect(isRequestState('in_review')).toBe(true);
    expect(isRequestState('in-review')).toBe(false);
  });

  it('offers revocation only for grants still in force or paused', () => {
    expect(revocable({ status: 'active' })).toBe(true);
    expect(revocable({ status: 'suspended' })).toBe(true);
    expect(revocable({ status: 'revoked' })).toBe(false);
    expect(revocable({ status: 'expired' })).toBe(false);
  });

  it('shortens long ids for tables', () => {
    expect(shortId('0f3c2b1a-aaaa-bbbb-cccc-000000000000')).toBe('0f3c2b1a…');
    expect(shortId('short')).toBe('short');
  });
});

describe('mayRevoke', () => {
  const owners = new Map<string, string | null>([['CLIN_LAB_REPORT', 'JYK'], ['CLIN_NOTE', null]]);
  const live = { status: 'active', catalogCode: 'CLIN_LAB_REPORT' };
  it('offers revocation to the information administrator for any live grant', () => {
    expect(mayRevoke(live, { canWrite: true, canRevoke: true, departmentCode: 'XXK' }, owners)).toBe(true);
    expect(mayRevoke({ ...live, status: 'revoked' }, { canWrite: true, canRevoke: true, departmentCode: 'XXK' }, owners)).toBe(false);
  });
  it('offers it to a department head only for grants opening their department’s data', () => {
    expect(mayRevoke(live, { canWrite: false, canRevoke: true, departmentCode: 'JYK' }, owners)).toBe(true);
    expect(mayRevoke(live, { canWrite: false, canRevoke: true, departmentCode: 'NK' }, owners)).toBe(false);
    expect(mayRevoke({ status: 'active', catalogCode: 'CLIN_NOTE' }, { canWrite: false, canRevoke: true, departmentCode: 'NK' }, owners)).toBe(false);
    expect(mayRevoke(live, { canWrite: false, canRevoke: false, departmentCode: 'JYK' }, owners)).toBe(false);
  });
});
