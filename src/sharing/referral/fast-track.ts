import type { RequestState, ReviewerRole, ReviewStep } from '../workflow.js';

/** Who is referring, as the fast track needs it. */
export interface Referrer {
  roles: readonly string[];
  departmentCode: string | null;
}

/**
 * The fast-track review steps of a referral, from the `sharing.referral` setting: `dept_head` is
 * the head of the referring clinician's department, who answers for the clinical need. A head
 * cannot review their own referral, and a referrer without a department has no head, so then the
 * information administrator takes that step. Every step is due `targetMinutes` after submission.
 */
export function fastTrackSteps(roles: readonly ReviewerRole[], referrer: Referrer, targetMinutes: number): ReviewStep[] {
  const steps: ReviewStep[] = [];
  for (const role of roles) {
    const step: ReviewStep =
      role === 'dept_head' && referrer.departmentCode !== null && !referrer.roles.includes('dept_head')
        ? { role: 'dept_head', departmentCode: referrer.departmentCode, dueWithinMinutes: targetMinutes }
        : { role: role === 'dept_head' ? 'info_admin' : role, departmentCode: null, dueWithinMinutes: targetMinutes };
    if (!steps.some((s) => s.role === step.role && s.departmentCode === step.departmentCode)) steps.push(step);
  }
  return steps;
}

export const REFERRAL_STATUSES = ['submitted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * A referral's status is its share request's state: submitted until someone has decided a step of
 * the current submission, then in review; approved once granted (the data is shared).
 */
export function referralStatus(state: RequestState, submittedAt: string | null, decisions: readonly { decidedAt: string }[]): ReferralStatus {
  switch (state) {
    case 'draft':
      return 'submitted';
    case 'in_review':
      return decisions.some((d) => submittedAt !== null && d.decidedAt > submittedAt) ? 'in_review' : 'submitted';
    case 'granted':
    case 'closed':
      return 'approved';
    default:
      return state;
  }
}

/** Minutes from one instant to another, to a tenth: the fast-track figure. */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 6_000) / 10;
}
