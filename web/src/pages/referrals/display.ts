import { INBOUND_STATUSES, REFERRAL_STATUSES, URGENCIES, type InboundStatus, type Referral, type ReferralListView, type ReferralStatus, type Urgency } from '../../api/types';
import { mayDecideStep, type Viewer } from '../sharing/workflow';

function member<T extends string>(list: readonly T[]) {
  return (value: unknown): value is T => (list as readonly unknown[]).includes(value);
}

// Values arrive as strings: one this console does not know is shown as the server sent it.
export const isReferralStatus = member<ReferralStatus>(REFERRAL_STATUSES);
export const isInboundStatus = member<InboundStatus>(INBOUND_STATUSES);
export const isUrgency = member<Urgency>(URGENCIES);

const STATUS_COLORS: Record<ReferralStatus, string> = {
  submitted: 'processing',
  in_review: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function referralStatusColor(status: string): string {
  return isReferralStatus(status) ? STATUS_COLORS[status] : 'default';
}

const INBOUND_COLORS: Record<InboundStatus, string> = { received: 'processing', accepted: 'success', declined: 'default' };

export function inboundStatusColor(status: string): string {
  return isInboundStatus(status) ? INBOUND_COLORS[status] : 'default';
}

/** Waiting for a fast-track decision. */
export function isPending(referral: Pick<Referral, 'status'>): boolean {
  return referral.status === 'submitted' || referral.status === 'in_review';
}

/** Mirrors the server: the current step's reviewer (never the referrer), while the referral waits. */
export function mayDecideReferral(referral: Pick<Referral, 'status' | 'steps' | 'currentStep' | 'referrer'>, viewer: Viewer): boolean {
  const step = referral.steps[referral.currentStep];
  return isPending(referral) && step !== undefined && mayDecideStep(step, viewer, referral.referrer.id);
}

/** Only the referring clinician withdraws, before the referral is decided. */
export function mayWithdrawReferral(referral: Pick<Referral, 'status' | 'referrer'>, userId: string): boolean {
  return referral.referrer.id === userId && (isPending(referral) || referral.status === 'returned');
}

/** Milliseconds until the review is due (negative once overdue); null when nothing is due. */
export function msUntilDue(referral: Pick<Referral, 'reviewDueAt'>, now: number): number | null {
  if (!referral.reviewDueAt) return null;
  const due = Date.parse(referral.reviewDueAt);
  return Number.isNaN(due) ? null : due - now;
}

const CLINICAL_ROLES = ['staff', 'dept_head'];
const OVERSEERS = ['info_admin', 'privacy_officer', 'auditor'];

/** Whoever the server lists every referral for (information administrators, the privacy officer, auditors). */
export function overseesReferrals(roles: readonly string[]): boolean {
  return roles.some((role) => OVERSEERS.includes(role));
}

/**
 * The list views that hold a patient's referrals for this reader: all of them for overseers; the
 * department's (which holds one's own) and one's own for clinicians; the review queue for other reviewers.
 */
export function patientListViews(roles: readonly string[], canReview: boolean): ReferralListView[] {
  if (overseesReferrals(roles)) return ['all'];
  const views: ReferralListView[] = [];
  if (roles.some((role) => CLINICAL_ROLES.includes(role))) views.push('mine', 'department');
  if (canReview) views.push('to-review');
  return views;
}

/** The referrals of one patient out of several lists, each once, newest first. */
export function referralsOf(lists: readonly (readonly Referral[])[], patientId: string): Referral[] {
  const byId = new Map<string, Referral>();
  for (const list of lists) for (const referral of list) if (referral.patientId === patientId && !byId.has(referral.id)) byId.set(referral.id, referral);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Minutes for people: whole minutes from ten up, one decimal below (the fast track is counted in minutes). */
export function formatMinutes(minutes: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: minutes < 10 ? 1 : 0 }).format(minutes);
}

/** A tab of the referrals page: a list view of referrals out, or the referrals partners sent in. */
export type ReferralTab = ReferralListView | 'inbound';

/**
 * The tabs a reader has, in order: what they referred, their review queue, referrals sent in to
 * their department and their department's referrals (clinicians), everything (overseers).
 */
export function referralTabs(roles: readonly string[], can: (permission: string) => boolean): ReferralTab[] {
  const clinician = roles.some((role) => CLINICAL_ROLES.includes(role));
  const tabs: ReferralTab[] = [];
  if (can('referral:write')) tabs.push('mine');
  if (can('share:review')) tabs.push('to-review');
  if (clinician) tabs.push('inbound', 'department');
  if (overseesReferrals(roles)) tabs.push('all');
  return tabs;
}

/** Inline attachment data longer than this is elided in the JSON shown (the files download on their own). */
const INLINE_DATA_SHOWN = 64;

/** A FHIR resource for reading: each long base64 `data` of an attachment cut to its start and its length. */
export function elideInlineData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(elideInlineData);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, member]) =>
      key === 'data' && typeof member === 'string' && member.length > INLINE_DATA_SHOWN ? [key, `${member.slice(0, INLINE_DATA_SHOWN)}… (${member.length} base64 characters)`] : [key, elideInlineData(member)],
    ),
  );
}
