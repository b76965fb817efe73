import { describe, expect, it } from 'vitest';
import type { Referral } from '../../api/types';
import { elideInlineData, formatMinutes, mayDecideReferral, mayWithdrawReferral, msUntilDue, patientListViews, referralsOf, referralStatusColor, referralTabs } from './display';

function referral(overrides: Partial<Referral>): Referral {
  return {
    id: 'r-1',
    shareRequestId: 's-1',
    status: 'submitted',
    urgency: 'urgent',
    reason: '会诊',
    clinicalSummary: null,
    patientId: 'p-1',
    institution: { id: 'i-1', code: 'JCRM1', name: { zh: '江城市第一人民医院', en: 'Jiangcheng No.1' } },
    referrer: { id: 'wang', displayName: '王明' },
    department: { id: 'd-1', code: 'NK', name: { zh: '内科', en: 'Internal Medicine' } },
    createdAt: '2026-11-26T00:00:00.000Z',
    steps: [{ role: 'dept_head', departmentCode: 'NK', dueWithinMinutes: 30 }],
    currentStep: 0,
    reviewDueAt: '2026-11-26T00:30:00.000Z',
    overdue: false,
    reviews: [],
    documents: [],
    accessDays: 14,
    approvedAt: null,
    minutesToApproval: null,
    targetMinutes: 30,
    withinTarget: null,
    grantIds: [],
    grants: null,
    partnerReads: null,
    ...overrides,
  };
}

describe('who acts on a referral', () => {
  const head = { userId: 'gao', roles: ['dept_head'], departmentCode: 'NK' };

  it('lets the head of the referring department decide while it waits, never the referrer', () => {
    expect(mayDecideReferral(referral({}), head)).toBe(true);
    expect(mayDecideReferral(referral({ status: 'in_review' }), head)).toBe(true);
    expect(mayDecideReferral(referral({}), { ...head, departmentCode: 'WK' })).toBe(false);
    expect(mayDecideReferral(referral({ referrer: { id: 'gao', displayName: '高志远' } }), head)).toBe(false);
    expect(mayDecideReferral(referral({ status: 'approved' }), head)).toBe(false);
    expect(mayDecideReferral(referral({ currentStep: 1 }), head)).toBe(false);
  });

  it('lets only the referrer withdraw, before a decision', () => {
    expect(mayWithdrawReferral(referral({}), 'wang')).toBe(true);
    expect(mayWithdrawReferral(referral({ status: 'returned' }), 'wang')).toBe(true);
    expect(mayWithdrawReferral(referral({ status: 'approved' }), 'wang')).toBe(false);
    expect(mayWithdrawReferral(referral({}), 'gao')).toBe(false);
  });
});

describe('the fast-track deadline', () => {
  it('counts down to the due time and past it', () => {
    const now = Date.parse('2026-11-26T00:20:00.000Z');
    expect(msUntilDue(referral({}), now)).toBe(10 * 60_000);
    expect(msUntilDue(referral({ reviewDueAt: '2026-11-26T00:15:00.000Z' }), now)).toBe(-5 * 60_000);
    expect(msUntilDue(referral({ reviewDueAt: null }), now)).toBeNull();
  });

  it('words minutes to a tenth below ten', () => {
    expect(formatMinutes(4.25, 'en-US')).toBe('4.3');
    expect(formatMinutes(12.4, 'zh-CN')).toBe('12');
  });
});

describe('a patient’s referrals', () => {
  it('are read from every list view the reader has', () => {
    expect(patientListViews(['staff'], false)).toEqual(['mine', 'department']);
    expect(patientListViews(['dept_head'], true)).toEqual(['mine', 'department', 'to-review']);
    expect(patientListViews(['auditor'], false)).toEqual(['all']);
    expect(patientListViews(['info_admin'], true)).toEqual(['all']);
    expect(patientListViews(['system_admin'], false)).toEqual([]);
  });

  it('are the patient’s only, each once, newest first', () => {
    const older = referral({ id: 'r-1' });
    const newer = referral({ id: 'r-2', createdAt: '2026-11-27T00:00:00.000Z' });
    const other = referral({ id: 'r-3', patientId: 'p-2' });
    expect(referralsOf([[older, other], [newer, older]], 'p-1').map((r) => r.id)).toEqual(['r-2', 'r-1']);
  });

  it('colour statuses and show an unknown one plainly', () => {
    expect(referralStatusColor('approved')).toBe('success');
    expect(referralStatusColor('something-new')).toBe('default');
  });
});

describe('the referrals page', () => {
  // The role permissions of src/org/roles.ts, as far as the tabs read them.
  const permissions: Record<string, string[]> = { staff: ['referral:write'], dept_head: ['referral:write', 'share:review'], info_admin: ['share:review'], privacy_officer: ['share:review'], auditor: [] };
  const tabs = (role: string) => referralTabs([role], (p) => permissions[role]!.includes(p));

  it('gives each role its tabs', () => {
    expect(tabs('staff')).toEqual(['mine', 'inbound', 'department']);
    expect(tabs('dept_head')).toEqual(['mine', 'to-review', 'inbound', 'department']);
    expect(tabs('info_admin')).toEqual(['to-review', 'all']);
    expect(tabs('privacy_officer')).toEqual(['to-review', 'all']);
    expect(tabs('auditor')).toEqual(['all']);
  });
});

describe('elideInlineData', () => {
  it('cuts long attachment data and leaves everything else as it is', () => {
    const long = 'A'.repeat(200);
    const resource = { resourceType: 'ServiceRequest', contained: [{ resourceType: 'DocumentReference', content: [{ attachment: { contentType: 'application/pdf', data: long } }] }], note: [{ text: 'data' }], data: 'short' };
    const shown = elideInlineData(resource) as typeof resource;
    expect(shown.contained[0]!.content[0]!.attachment.data).toBe(`${'A'.repeat(64)}… (200 base64 characters)`);
    expect(shown.data).toBe('short');
    expect(shown.note).toEqual([{ text: 'data' }]);
    expect(resource.contained[0]!.content[0]!.attachment.data).toBe(long);
  });
});
