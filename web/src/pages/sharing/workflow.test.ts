import { describe, expect, it } from 'vitest';
import type { ShareRequest, ShareRequestForm } from '../../api/types';
import { canDecide, grantedUntil, mayDecideStep, narrowingFrom, narrowingStart, requesterActions, roundDecisions, stepStatuses, type Viewer } from './workflow';

const FORM: ShareRequestForm = {
  recipient: { kind: 'department', id: 'dept-nk' },
  resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }, { name: 'resultQuantity' }, { name: 'performer', justification: '核对' }] }],
  purpose: 'quality-control',
  legalBasis: { kind: 'legal-duty' },
  patients: { kind: 'patients', patientIds: ['p-1', 'p-2'] },
  accessDays: 30,
  channel: 'api',
  identification: 'identified',
  consentOnRecord: false,
};

const STEPS: ShareRequest['steps'] = [
  { role: 'dept_head', departmentCode: 'JYK' },
  { role: 'privacy_officer', departmentCode: null },
  { role: 'info_admin', departmentCode: null },
];

function request(overrides: Partial<ShareRequest> = {}): ShareRequest {
  return {
    id: 'r-1',
    title: '检验质控抽查',
    requesterId: 'u-wang',
    requesterDepartmentId: 'dept-nk',
    form: FORM,
    state: 'in_review',
    steps: STEPS,
    currentStep: 0,
    stepDueAt: '2026-03-03T00:00:00.000Z',
    stepOverdue: false,
    findings: [],
    version: 2,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    submittedAt: '2026-03-01T00:00:00.000Z',
    reviews: [],
    grantIds: [],
    ...overrides,
  };
}

const headLab: Viewer = { userId: 'u-head-lab', roles: ['dept_head', 'staff'], departmentCode: 'JYK' };
const headInternal: Viewer = { userId: 'u-head-nk', roles: ['dept_head', 'staff'], departmentCode: 'NK' };
const privacy: Viewer = { userId: 'u-privacy', roles: ['privacy_officer'], departmentCode: 'YWB' };
const admin: Viewer = { userId: 'u-admin', roles: ['info_admin'], departmentCode: 'XXK' };

describe('who decides a step', () => {
  it('is the head of the owning department, then the privacy officer, then the information administrator', () => {
    expect(canDecide(request(), headLab)).toBe(true);
    expect(canDecide(request(), headInternal)).toBe(false);
    expect(canDecide(request(), admin)).toBe(false);
    expect(canDecide(request({ currentStep: 1 }), privacy)).toBe(true);
    expect(canDecide(request({ currentStep: 2 }), admin)).toBe(true);
    expect(canDecide(request({ currentStep: 2 }), privacy)).toBe(false);
  });

  it('is never the requester, and nobody once the request has left review', () => {
    expect(mayDecideStep(STEPS[0]!, { ...headLab, userId: 'u-wang' }, 'u-wang')).toBe(false);
    expect(canDecide(request({ state: 'granted' }), headLab)).toBe(false);
    expect(canDecide(request({ state: 'returned' }), headLab)).toBe(false);
    expect(canDecide(request({ currentStep: 7 }), headLab)).toBe(false);
  });
});

describe('stepStatuses', () => {
  it('marks the steps done, current and waiting while in review', () => {
    expect(stepStatuses(request({ currentStep: 1 }))).toEqual(['finish', 'process', 'wait']);
  });

  it('marks every step done once granted or closed, and the refusing step after a rejection', () => {
    expect(stepStatuses(request({ state: 'granted', currentStep: 2 }))).toEqual(['finish', 'finish', 'finish']);
    expect(stepStatuses(request({ state: 'closed', currentStep: 2 }))).toEqual(['finish', 'finish', 'finish']);
    expect(stepStatuses(request({ state: 'rejected', currentStep: 1 }))).toEqual(['finish', 'error', 'wait']);
  });

  it('leaves every step waiting for a returned or withdrawn request', () => {
    expect(stepStatuses(request({ state: 'returned' }))).toEqual(['wait', 'wait', 'wait']);
    expect(stepStatuses(request({ state: 'withdrawn', currentStep: 1 }))).toEqual(['wait', 'wait', 'wait']);
  });
});

describe('requesterActions', () => {
  it('offers editing and submitting a draft or a returned request, withdrawal until decided, feedback once granted', () => {
    expect(requesterActions(request({ state: 'draft' }), 'u-wang')).toEqual({ edit: true, submit: true, withdraw: true, feedback: false });
    expect(requesterActions(request({ state: 'returned' }), 'u-wang')).toEqual({ edit: true, submit: true, withdraw: true, feedback: false });
    expect(requesterActions(request({ state: 'in_review' }), 'u-wang')).toEqual({ edit: false, submit: false, withdraw: true, feedback: false });
    expect(requesterActions(request({ state: 'granted' }), 'u-wang')).toEqual({ edit: false, submit: false, withdraw: false, feedback: true });
    for (const state of ['rejected', 'withdrawn', 'closed'] as const) expect(requesterActions(request({ state }), 'u-wang')).toEqual({ edit: false, submit: false, withdraw: false, feedback: false });
  });

  it('offers nothing to anyone but the requester', () => {
    expect(requesterActions(request({ state: 'draft' }), 'u-admin')).toEqual({ edit: false, submit: false, withdraw: false, feedback: false });
  });
});

describe('narrowingFrom', () => {
  const start = narrowingStart(FORM);

  it('starts from the request as it is, which is no narrowing at all', () => {
    expect(start).toEqual({ dropFields: {}, accessDays: 30, patientIds: ['p-1', 'p-2'], identification: 'identified' });
    expect(narrowingFrom(start, FORM)).toEqual({ problem: 'nothing' });
  });

  it('sends only the parts that reduce the request', () => {
    expect(narrowingFrom({ ...start, dropFields: { CLIN_LAB_REPORT: ['performer', 'performer', 'ghost'] } }, FORM)).toEqual({ narrowing: { dropFields: { CLIN_LAB_REPORT: ['performer'] } } });
    expect(narrowingFrom({ ...start, accessDays: 14, patientIds: ['p-2'], identification: 'pseudonymised' }, FORM)).toEqual({ narrowing: { accessDays: 14, patientIds: ['p-2'], identification: 'pseudonymised' } });
    expect(narrowingFrom({ ...start, dropFields: { CLIN_LAB_REPORT: [] }, accessDays: 30, identification: 'de-identified' }, FORM)).toEqual({ narrowing: { identification: 'de-identified' } });
  });

  it('refuses what would widen the request or empty it', () => {
    expect(narrowingFrom({ ...start, dropFields: { CLIN_LAB_REPORT: ['testCode', 'resultQuantity', 'performer'] } }, FORM)).toEqual({ problem: 'allFields' });
    expect(narrowingFrom({ ...start, accessDays: 60 }, FORM)).toEqual({ problem: 'longer' });
    expect(narrowingFrom({ ...start, patientIds: [] }, FORM)).toEqual({ problem: 'noPatients' });
    expect(narrowingFrom({ ...start, patientIds: ['p-1', 'p-9'] }, FORM)).toEqual({ problem: 'notListed' });
    expect(narrowingFrom({ ...start, identification: 'identified' }, { ...FORM, identification: 'pseudonymised' })).toEqual({ problem: 'weaker' });
  });

  it('ignores the patient list of a request that names none', () => {
    const criteria: ShareRequestForm = { ...FORM, patients: { kind: 'criteria', criteria: { departmentCode: 'NK' } } };
    expect(narrowingStart(criteria).patientIds).toEqual([]);
    expect(narrowingFrom({ ...narrowingStart(criteria), accessDays: 7 }, criteria)).toEqual({ narrowing: { accessDays: 7 } });
  });
});

describe('roundDecisions', () => {
  it('takes the decisions since the last submission, the latest per step', () => {
    const reviews: ShareRequest['reviews'] = [
      { step: 0, role: 'dept_head', reviewerId: 'u-head-lab', decision: 'return', reason: '补充理由', narrowing: null, decidedAt: '2026-03-01T10:00:00.000Z' },
      { step: 0, role: 'dept_head', reviewerId: 'u-head-lab', decision: 'narrow', reason: '去除检验者', narrowing: { dropFields: { CLIN_LAB_REPORT: ['performer'] } }, decidedAt: '2026-03-02T10:00:00.000Z' },
      { step: 1, role: 'privacy_officer', reviewerId: 'u-privacy', decision: 'approve', reason: '同意', narrowing: null, decidedAt: '2026-03-02T11:00:00.000Z' },
    ];
    const decided = roundDecisions(request({ reviews, submittedAt: '2026-03-02T09:00:00.000Z', currentStep: 2 }));
    expect(decided.map((r) => r?.decision)).toEqual(['narrow', 'approve', undefined]);
    expect(roundDecisions(request({ reviews, submittedAt: null })).map((r) => r?.decision)).toEqual(['narrow', 'approve', undefined]);
  });
});

describe('grantedUntil', () => {
  it('is the final decision plus the approved access days, for granted and closed requests only', () => {
    const reviews: ShareRequest['reviews'] = [{ step: 2, role: 'info_admin', reviewerId: 'u-admin', decision: 'approve', reason: '合法且必要', narrowing: null, decidedAt: '2026-03-02T00:00:00.000Z' }];
    expect(grantedUntil(request({ state: 'granted', reviews, form: { ...FORM, accessDays: 14 } }))).toBe('2026-03-16T00:00:00.000Z');
    expect(grantedUntil(request({ state: 'closed', reviews }))).toBe('2026-04-01T00:00:00.000Z');
    expect(grantedUntil(request({ state: 'in_review', reviews }))).toBeNull();
    expect(grantedUntil(request({ state: 'granted', reviews: [] }))).toBeNull();
  });
});
