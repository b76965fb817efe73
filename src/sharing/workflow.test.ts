import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import type { ShareRequestForm } from './types.js';
import { afterDecision, applyNarrowing, canTransition, mayReview, reviewSteps } from './workflow.js';

const catalog = new Map(BUILTIN_CATALOG.map((resource) => [resource.code, resource]));
const form = (overrides: Partial<ShareRequestForm> = {}): ShareRequestForm => ({
  recipient: { kind: 'department', id: 'dept-nk' },
  resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }, { name: 'resultQuantity' }, { name: 'performer' }] }],
  purpose: 'quality-control',
  legalBasis: { kind: 'legal-duty' },
  patients: { kind: 'patients', patientIds: ['p1', 'p2', 'p3'] },
  accessDays: 30,
  channel: 'api',
  identification: 'identified',
  consentOnRecord: false,
  ...overrides,
});

describe('reviewSteps', () => {
  it('asks the owning department head, the privacy officer for level-4 data, then the information administrator', () => {
    expect(reviewSteps(form(), catalog)).toEqual([
      { role: 'dept_head', departmentCode: 'JYK' },
      { role: 'privacy_officer', departmentCode: null },
      { role: 'info_admin', departmentCode: null },
    ]);
  });
  it('adds one department head per owning department and the privacy officer for institutions', () => {
    const equipment = { catalogCode: 'MGMT_EQUIPMENT', fields: [{ name: 'deviceName' }] };
    expect(reviewSteps(form({ purpose: 'management', resources: [equipment] }), catalog)).toEqual([
      { role: 'dept_head', departmentCode: 'SBK' },
      { role: 'info_admin', departmentCode: null },
    ]);
    const both = reviewSteps(form({ resources: [equipment, { catalogCode: 'CLIN_IMAGING_REPORT', fields: [{ name: 'modality' }] }], recipient: { kind: 'institution', id: 'i' } }), catalog);
    expect(both.map((s) => s.departmentCode ?? s.role)).toEqual(['SBK', 'YXK', 'privacy_officer', 'info_admin']);
    const external = reviewSteps(form({ purpose: 'management', resources: [equipment], recipient: { kind: 'institution', id: 'i' } }), catalog);
    expect(external.map((s) => s.role)).toEqual(['dept_head', 'privacy_officer', 'info_admin']);
  });
});

describe('mayReview', () => {
  const head = { role: 'dept_head' as const, departmentCode: 'JYK' };
  it('lets the right person decide and nobody their own request', () => {
    expect(mayReview(head, { userId: 'u-head', roles: ['dept_head', 'staff'], departmentCode: 'JYK' }, 'u-req')).toBe('ok');
    expect(mayReview(head, { userId: 'u-req', roles: ['dept_head'], departmentCode: 'JYK' }, 'u-req')).toBe('own-request');
    expect(mayReview(head, { userId: 'u-x', roles: ['dept_head'], departmentCode: 'NK' }, 'u-req')).toBe('wrong-reviewer');
    expect(mayReview({ role: 'info_admin', departmentCode: null }, { userId: 'u-x', roles: ['staff'], departmentCode: 'XXK' }, 'u-req')).toBe('wrong-reviewer');
  });
});

describe('transitions', () => {
  it('allows only the legal moves', () => {
    expect(canTransition('submit', 'draft')).toBe(true);
    expect(canTransition('submit', 'in_review')).toBe(false);
    expect(canTransition('review', 'granted')).toBe(false);
    expect(canTransition('withdraw', 'granted')).toBe(false);
    expect(canTransition('feedback', 'granted')).toBe(true);
  });
  it('moves through the steps and ends granted, returned or rejected', () => {
    expect(afterDecision('approve', 0, 3)).toEqual({ state: 'in_review', step: 1 });
    expect(afterDecision('narrow', 2, 3)).toEqual({ state: 'granted', step: 2 });
    expect(afterDecision('return', 1, 3)).toEqual({ state: 'returned', step: 0 });
    expect(afterDecision('reject', 1, 3)).toEqual({ state: 'rejected', step: 1 });
  });
});

describe('applyNarrowing', () => {
  it('drops fields, shortens the period, narrows patients and raises the identification level', () => {
    const result = applyNarrowing(form(), { dropFields: { CLIN_LAB_REPORT: ['performer'] }, accessDays: 14, patientIds: ['p1'], identification: 'pseudonymised' });
    expect(result).toEqual({ form: expect.objectContaining({ accessDays: 14, identification: 'pseudonymised', patients: { kind: 'patients', patientIds: ['p1'] } }) });
    if ('form' in result) expect(result.form.resources[0]?.fields.map((f) => f.name)).toEqual(['testCode', 'resultQuantity']);
  });
  it('refuses anything that would widen the request', () => {
    expect(applyNarrowing(form(), { accessDays: 60 })).toHaveProperty('refused');
    expect(applyNarrowing(form(), { patientIds: ['p9'] })).toHaveProperty('refused');
    expect(applyNarrowing(form({ identification: 'de-identified' }), { identification: 'identified' })).toHaveProperty('refused');
    expect(applyNarrowing(form(), { dropFields: { CLIN_LAB_REPORT: ['testCode', 'resultQuantity', 'performer'] } })).toHaveProperty('refused');
    expect(applyNarrowing(form(), { dropFields: { CLIN_PATIENT: ['name'] } })).toHaveProperty('refused');
  });
});
