import type { GrantView } from '../../access/index.js';
import type { ShareRequestReviewRow } from '../tables.js';
import type { ShareRequestForm } from '../types.js';
import type { RequestState, ReviewStep } from '../workflow.js';
import { minutesBetween, referralStatus, type ReferralStatus } from './fast-track.js';
import type { ReferralWithRequest } from './store.js';

type Names = { code: string; zh: string; en: string };

export interface PartnerReads {
  /** Successful reads and searches by the partner's systems under the referral's grants. */
  count: number;
  lastAt: string | null;
  /** True when a grant had more entries than were counted: `count` is then a lower bound. */
  atLeast: boolean;
  byGrant: { grantId: string; count: number; lastAt: string | null }[];
}

export interface ReferralView {
  id: string;
  shareRequestId: string;
  status: ReferralStatus;
  urgency: string;
  reason: string;
  clinicalSummary: string | null;
  patientId: string;
  institution: { id: string; code: string; name: { zh: string; en: string } };
  referrer: { id: string; displayName: string };
  department: { id: string; code: string; name: { zh: string; en: string } } | null;
  createdAt: string;
  steps: ReviewStep[];
  currentStep: number;
  /** When the current fast-track step is due; null once decided. */
  reviewDueAt: string | null;
  /** The review is past its fast-track target (highlighted in lists; reminders go out). */
  overdue: boolean;
  reviews: { step: number; role: string; reviewer: { id: string; displayName: string }; decision: string; reason: string; decidedAt: string }[];
  documents: { catalogCode: string; fields: string[]; dataFrom: string | null }[];
  accessDays: number;
  approvedAt: string | null;
  /** Minutes from the referral to the approval that shared the data: the fast-track figure. */
  minutesToApproval: number | null;
  targetMinutes: number | null;
  withinTarget: boolean | null;
  grantIds: string[];
  /** Detail only: the grants, each scoped to this patient. */
  grants: { id: string; catalogCode: string; fields: string[]; validFrom: string; validTo: string; dataFrom: string | null; status: string }[] | null;
  /** Detail only: the partner's reads of the shared data, from the audit log. */
  partnerReads: PartnerReads | null;
}

export interface ReferralFacts {
  form: ShareRequestForm;
  reviews: ShareRequestReviewRow[];
  summary: { reason: string; clinicalSummary: string | null };
  institution: Names | null;
  department: Names | null;
  people: Map<string, string>;
  grantIds: string[];
  grants: GrantView[] | null;
  reads: PartnerReads | null;
  now: Date;
}

export function presentReferral(row: ReferralWithRequest, facts: ReferralFacts): ReferralView {
  const state = row.state as RequestState;
  const steps = JSON.parse(row.steps) as ReviewStep[];
  const decisions = facts.reviews.map((r) => ({ decidedAt: r.decided_at }));
  // The approval that shared the data is the last decision of a granted request.
  const approvedAt = state === 'granted' || state === 'closed' ? (facts.reviews.at(-1)?.decided_at ?? null) : null;
  const minutes = approvedAt ? minutesBetween(row.created_at, approvedAt) : null;
  const targetMinutes = steps[0]?.dueWithinMinutes ?? null;
  const name = (names: Names | null) => ({ zh: names?.zh ?? '', en: names?.en ?? '' });
  return {
    id: row.id,
    shareRequestId: row.share_request_id,
    status: referralStatus(state, row.submitted_at, decisions),
    urgency: row.urgency,
    reason: facts.summary.reason,
    clinicalSummary: facts.summary.clinicalSummary,
    patientId: row.patient_id,
    institution: { id: row.institution_id, code: facts.institution?.code ?? '', name: name(facts.institution) },
    referrer: { id: row.referrer_id, displayName: facts.people.get(row.referrer_id) ?? '' },
    department: row.referrer_department_id && facts.department ? { id: row.referrer_department_id, code: facts.department.code, name: name(facts.department) } : null,
    createdAt: row.created_at,
    steps,
    currentStep: row.current_step,
    reviewDueAt: state === 'in_review' ? row.step_due_at : null,
    overdue: state === 'in_review' && row.step_due_at !== null && Date.parse(row.step_due_at) < facts.now.getTime(),
    reviews: facts.reviews.map((r) => ({ step: r.step, role: r.role, reviewer: { id: r.reviewer_id, displayName: facts.people.get(r.reviewer_id) ?? '' }, decision: r.decision, reason: r.reason, decidedAt: r.decided_at })),
    documents: facts.form.resources.map((r) => ({ catalogCode: r.catalogCode, fields: r.fields.map((f) => f.name), dataFrom: r.dataFrom ?? facts.form.dataFrom ?? null })),
    accessDays: facts.form.accessDays,
    approvedAt,
    minutesToApproval: minutes,
    targetMinutes,
    withinTarget: minutes !== null && targetMinutes !== null ? minutes <= targetMinutes : null,
    grantIds: facts.grantIds,
    grants: facts.grants?.map((g) => ({ id: g.id, catalogCode: g.catalogCode, fields: g.fields, validFrom: g.validFrom, validTo: g.validTo, dataFrom: g.dataFrom ?? null, status: g.effectiveStatus })) ?? null,
    partnerReads: facts.reads,
  };
}
