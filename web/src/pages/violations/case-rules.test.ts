import { describe, expect, it } from 'vitest';
import type { ViolationCase } from '../../api/types';
import { caseActions, decisionKinds, decisionLabelKey, needsDetails, needsSecondApproval, type CaseActions } from './case-rules';

const decision = (by: string): ViolationCase['decision'] => ({ kind: 'termination', label: { zh: '', en: '' }, details: null, decidedBy: { id: by, name: null }, decidedAt: '2026-11-26T01:00:00.000Z', approvedBy: null, approvedAt: null });
const viewer = (userId: string, permissions: string[]) => ({ userId, can: (p: string) => permissions.includes(p) });
const infoAdmin = viewer('admin', ['violation:read', 'violation:write', 'violation:approve']);
const privacy = viewer('privacy', ['violation:read', 'violation:approve']);
const auditor = viewer('auditor', ['violation:read']);
const offered = (actions: CaseActions) => (Object.keys(actions) as (keyof CaseActions)[]).filter((k) => actions[k]);

describe('caseActions', () => {
  it('lets the information administrator investigate an open case: note, evidence, suspend or lift, decide', () => {
    expect(offered(caseActions({ status: 'open', suspended: false, decision: null, readAs: 'supervisor' }, infoAdmin))).toEqual(['note', 'evidence', 'suspend', 'decide']);
    expect(offered(caseActions({ status: 'open', suspended: true, decision: null, readAs: 'supervisor' }, infoAdmin))).toEqual(['note', 'evidence', 'lift', 'decide']);
  });

  it('gives readers without write permission nothing to do', () => {
    expect(offered(caseActions({ status: 'open', suspended: false, decision: null, readAs: 'supervisor' }, auditor))).toEqual([]);
    expect(offered(caseActions({ status: 'decided', suspended: false, decision: decision('admin'), readAs: 'supervisor' }, auditor))).toEqual([]);
  });

  it('needs a second approver other than the decider for a proposed termination', () => {
    const awaiting = { status: 'awaiting_approval' as const, suspended: false, decision: decision('admin'), readAs: 'supervisor' as const };
    expect(offered(caseActions(awaiting, privacy))).toEqual(['approve']);
    expect(offered(caseActions(awaiting, infoAdmin))).toEqual(['approveOwnDecision']);
    expect(offered(caseActions(awaiting, auditor))).toEqual([]);
  });

  it('closes a decided case, and nothing more once closed', () => {
    expect(offered(caseActions({ status: 'decided', suspended: false, decision: decision('admin'), readAs: 'supervisor' }, infoAdmin))).toEqual(['close']);
    expect(offered(caseActions({ status: 'closed', suspended: false, decision: decision('admin'), readAs: 'supervisor' }, infoAdmin))).toEqual([]);
  });

  it('lets the subject appeal until the case is closed, and nothing else', () => {
    const subject = viewer('dr.wang', []);
    for (const status of ['open', 'awaiting_approval', 'decided'] as const) {
      expect(offered(caseActions({ status, suspended: false, decision: null, readAs: 'subject' }, subject))).toEqual(['appeal']);
    }
    expect(offered(caseActions({ status: 'closed', suspended: false, decision: null, readAs: 'subject' }, subject))).toEqual([]);
    // A supervisor is never the one who appeals, even with every permission.
    expect(caseActions({ status: 'decided', suspended: false, decision: null, readAs: 'supervisor' }, infoAdmin).appeal).toBe(false);
  });
});

describe('decisions', () => {
  it('offers termination for people and institutions, never for a department', () => {
    expect(decisionKinds('user')).toEqual(['no_violation', 'warning', 'penalty', 'termination']);
    expect(decisionKinds('institution')).toEqual(['no_violation', 'warning', 'penalty', 'termination']);
    expect(decisionKinds('department')).toEqual(['no_violation', 'warning', 'penalty']);
  });

  it('words termination by the subject: labour contract for staff, agreement for an institution', () => {
    expect(decisionLabelKey('termination', 'user')).toBe('terminationUser');
    expect(decisionLabelKey('termination', 'institution')).toBe('terminationInstitution');
    expect(decisionLabelKey('termination', 'department')).toBe('termination');
    expect(decisionLabelKey('warning', 'user')).toBe('warning');
  });

  it('asks for details with a penalty and a second approver for termination', () => {
    expect(needsDetails('penalty')).toBe(true);
    expect(needsDetails('warning')).toBe(false);
    expect(needsSecondApproval('termination')).toBe(true);
    expect(needsSecondApproval('penalty')).toBe(false);
    expect(needsSecondApproval(undefined)).toBe(false);
  });
});
