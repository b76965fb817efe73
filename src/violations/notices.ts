import { DECISION_LABELS, type DecisionKind, type SubjectKind } from './rules.js';

/**
 * What the subject of a case is told, and in which words. Titles name the step and, once a decision
 * is in force, the sanction — never the case's title, description, notes, evidence or penalty
 * details: notices are not encrypted and may leave the platform through an outbound gateway. The
 * subject reads the rest on the case itself, as its subject.
 */
export const VIOLATION_NOTICE_KINDS = ['violation-opened', 'violation-suspended', 'violation-decided', 'violation-closed'] as const;
export type ViolationNoticeKind = (typeof VIOLATION_NOTICE_KINDS)[number];

export interface ViolationNotice {
  userIds: readonly string[];
  kind: ViolationNoticeKind;
  caseId: string;
  title: { zh: string; en: string };
}

/** How notices leave the module; the composition root connects it to the inbox. Failures never block a case step. */
export type ViolationNotifier = (notice: ViolationNotice) => Promise<void>;

/** The steps the subject hears of; notes, evidence and proposals awaiting approval stay with the investigators. */
export type NoticeStep = { step: 'opened' } | { step: 'suspended' } | { step: 'decided'; decision: DecisionKind } | { step: 'closed' };

export interface PlannedNotice {
  kind: ViolationNoticeKind;
  title: { zh: string; en: string };
}

/**
 * The notice a step sends to the subject, or null when the subject has no one to tell: an
 * institution has no accounts on the platform (its API clients are machines), so its case is
 * communicated outside the platform.
 */
export function violationNotice(subject: SubjectKind, step: NoticeStep): PlannedNotice | null {
  if (subject === 'institution') return null;
  const department = subject === 'department';
  switch (step.step) {
    case 'opened':
      return department
        ? { kind: 'violation-opened', title: { zh: '本科室涉及一起违规处理案件,已立案', en: 'A violation case concerning your department has been opened' } }
        : { kind: 'violation-opened', title: { zh: '您涉及一起违规处理案件,已立案', en: 'A violation case concerning you has been opened' } };
    case 'suspended':
      // As sanctions.ts does: a department's members keep their accounts, only its grants stop.
      return department
        ? { kind: 'violation-suspended', title: { zh: '违规处理期间,本科室的数据授权已暂停', en: "Your department's data grants are suspended while a violation case is handled" } }
        : { kind: 'violation-suspended', title: { zh: '违规处理期间,您的账号及数据授权已暂停', en: 'Your account and data grants are suspended while a violation case is handled' } };
    case 'decided': {
      // No sanction and nothing to appeal: the case closes with the decision.
      if (step.decision === 'no_violation') return { kind: 'violation-closed', title: { zh: '违规处理案件已结案:不构成违规', en: 'Violation case closed: no violation' } };
      const label = DECISION_LABELS[step.decision];
      return { kind: 'violation-decided', title: { zh: `违规处理决定已生效:${label.zh},如有异议可提出申诉`, en: `Violation case decision in force: ${label.en}. You may file an appeal` } };
    }
    case 'closed':
      return { kind: 'violation-closed', title: { zh: '违规处理案件已结案', en: 'Violation case closed' } };
  }
}
