/**
 * The rules of violation handling (违规处理, policy Ch.7 (3)) as plain functions: which decisions
 * fit which subject, which need a second approver, which step is allowed in which state.
 */

export const SUBJECT_KINDS = ['user', 'department', 'institution'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * no_violation closes a case without sanction; warning (警告) and penalty (处罚) are recorded
 * sanctions; termination is 解除劳动合同 for a member of staff and 终止协议 for an institution.
 */
export const DECISION_KINDS = ['no_violation', 'warning', 'penalty', 'termination'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const CASE_STATUSES = ['open', 'awaiting_approval', 'decided', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DECISION_LABELS: Record<DecisionKind, { zh: string; en: string }> = {
  no_violation: { zh: '不构成违规', en: 'No violation' },
  warning: { zh: '警告', en: 'Warning' },
  penalty: { zh: '处罚', en: 'Penalty' },
  termination: { zh: '解除劳动合同 / 终止协议', en: 'Termination of contract or agreement' },
};

export interface CaseFacts {
  status: CaseStatus;
  subjectKind: SubjectKind;
  subjectId: string;
  decidedBy: string | null;
}

/** Why a decision does not fit the case, or null. */
export function decisionProblem(subjectKind: SubjectKind, kind: DecisionKind, details: string | undefined): string | null {
  // A department is not a party to a labour contract or an agreement; its staff are, one by one.
  if (kind === 'termination' && subjectKind === 'department') return 'a department cannot be terminated; open a case against the responsible staff member';
  if (kind === 'penalty' && !details?.trim()) return 'a penalty needs its details (what, how much, from when)';
  return null;
}

/** Termination ends a person's employment or a partner's agreement: four eyes, not two. */
export function needsSecondApproval(kind: DecisionKind): boolean {
  return kind === 'termination';
}

/** Notes, evidence and suspension changes belong to the investigation, which ends with the decision. */
export function isUnderInvestigation(status: CaseStatus): boolean {
  return status === 'open';
}

export function canDecide(status: CaseStatus): boolean {
  return status === 'open';
}

/** Why `approverId` may not give the second approval, or null. */
export function approvalProblem(facts: CaseFacts, approverId: string): string | null {
  if (facts.status !== 'awaiting_approval') return 'the case has no decision awaiting a second approval';
  if (facts.decidedBy === approverId) return 'the second approval must come from someone other than the decider';
  return null;
}

/** The subject may write an appeal note once a sanction is decided, until the case is closed. */
export function canAppeal(status: CaseStatus): boolean {
  return status === 'open' || status === 'awaiting_approval' || status === 'decided';
}

/** The status a case takes once its decision is in force. */
export function statusAfterDecision(kind: DecisionKind): CaseStatus {
  return kind === 'no_violation' ? 'closed' : 'decided';
}

/** Whether a sanction keeps the subject out for good (so a suspension is not lifted but made final). */
export function isFinal(kind: DecisionKind): boolean {
  return kind === 'termination';
}
