import { VIOLATION_DECISIONS, type ViolationCase, type ViolationDecisionKind, type ViolationStatus, type ViolationSubjectKind } from '../../api/types';

/**
 * What the console offers on a case, mirroring the server's rules (src/violations/rules.ts) so that
 * buttons appear only where the step can succeed; the server still decides and its refusal is shown.
 */
export interface CaseActions {
  note: boolean;
  evidence: boolean;
  suspend: boolean;
  lift: boolean;
  decide: boolean;
  /** The second approval of a proposed termination. */
  approve: boolean;
  /** The viewer may approve in general but proposed this decision: four eyes, so not them. */
  approveOwnDecision: boolean;
  close: boolean;
  appeal: boolean;
}

export interface CaseViewer {
  userId: string;
  can: (permission: string) => boolean;
}

/** The subject may write an appeal note until the case is closed. */
export function canAppeal(status: ViolationStatus): boolean {
  return status === 'open' || status === 'awaiting_approval' || status === 'decided';
}

export function caseActions(c: Pick<ViolationCase, 'status' | 'suspended' | 'decision' | 'readAs'>, viewer: CaseViewer): CaseActions {
  const supervisor = c.readAs === 'supervisor';
  const investigating = supervisor && viewer.can('violation:write') && c.status === 'open';
  const awaiting = supervisor && c.status === 'awaiting_approval' && viewer.can('violation:approve');
  const ownDecision = c.decision?.decidedBy.id === viewer.userId;
  return {
    note: investigating,
    evidence: investigating,
    suspend: investigating && !c.suspended,
    lift: investigating && c.suspended,
    decide: investigating,
    approve: awaiting && !ownDecision,
    approveOwnDecision: awaiting && ownDecision,
    close: supervisor && viewer.can('violation:write') && c.status === 'decided',
    appeal: c.readAs === 'subject' && canAppeal(c.status),
  };
}

/** A department is not party to a labour contract or an agreement: its staff are answered one by one. */
export function decisionKinds(subject: ViolationSubjectKind): ViolationDecisionKind[] {
  return VIOLATION_DECISIONS.filter((kind) => kind !== 'termination' || subject !== 'department');
}

export type DecisionLabelKey = 'no_violation' | 'warning' | 'penalty' | 'termination' | 'terminationUser' | 'terminationInstitution';

/** Termination reads 解除劳动合同 for a member of staff and 终止协议 for an institution. */
export function decisionLabelKey(kind: ViolationDecisionKind, subject: ViolationSubjectKind): DecisionLabelKey {
  if (kind !== 'termination') return kind;
  if (subject === 'user') return 'terminationUser';
  if (subject === 'institution') return 'terminationInstitution';
  return 'termination';
}

export function needsDetails(kind: ViolationDecisionKind | undefined): boolean {
  return kind === 'penalty';
}

/** Termination waits for a second approver and changes nothing until then. */
export function needsSecondApproval(kind: ViolationDecisionKind | undefined): boolean {
  return kind === 'termination';
}
