import {
  DELIVERY_CHANNELS,
  FEEDBACK_STATES,
  FINDING_SEVERITIES,
  GRANT_STATUSES,
  IDENTIFICATION_LEVELS,
  LEGAL_BASES,
  NOTIFICATION_KINDS,
  PRECHECK_NAMES,
  REQUEST_STATES,
  REVIEW_DECISIONS,
  REVIEWER_ROLES,
  type DeliveryChannel,
  type FeedbackState,
  type FindingSeverity,
  type GrantStatus,
  type IdentificationLevel,
  type LegalBasisKind,
  type NotificationKind,
  type RequestState,
  type ReviewDecision,
  type ReviewerRole,
} from '../../api/types';

function member<T extends string>(list: readonly T[]) {
  return (value: unknown): value is T => (list as readonly unknown[]).includes(value);
}

// Values arrive as strings: one this console does not know is shown as the server sent it.
export const isRequestState = member<RequestState>(REQUEST_STATES);
export const isSeverity = member<FindingSeverity>(FINDING_SEVERITIES);
export const isDecision = member<ReviewDecision>(REVIEW_DECISIONS);
export const isReviewerRole = member<ReviewerRole>(REVIEWER_ROLES);
export const isGrantStatus = member<GrantStatus>(GRANT_STATUSES);
export const isFeedbackState = member<FeedbackState>(FEEDBACK_STATES);
export const isNotificationKind = member<NotificationKind>(NOTIFICATION_KINDS);
export const isLegalBasis = member<LegalBasisKind>(LEGAL_BASES);
export const isChannel = member<DeliveryChannel>(DELIVERY_CHANNELS);
export const isIdentification = member<IdentificationLevel>(IDENTIFICATION_LEVELS);
export const isPrecheck = member<(typeof PRECHECK_NAMES)[number]>(PRECHECK_NAMES);

const STATE_COLORS: Record<RequestState, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'warning',
  rejected: 'error',
  withdrawn: 'default',
  granted: 'success',
  closed: 'purple',
};

export function requestStateColor(state: string): string {
  return isRequestState(state) ? STATE_COLORS[state] : 'default';
}

/** Alert types for findings: a blocking finding is an error, an extra field a warning. */
export const SEVERITY_ALERT: Record<FindingSeverity, 'error' | 'warning' | 'info'> = { block: 'error', warn: 'warning', info: 'info' };

const SEVERITY_COLORS: Record<FindingSeverity, string> = { block: 'error', warn: 'warning', info: 'blue' };

export function severityColor(severity: string): string {
  return isSeverity(severity) ? SEVERITY_COLORS[severity] : 'default';
}

const DECISION_COLORS: Record<ReviewDecision, string> = { approve: 'success', narrow: 'blue', return: 'warning', reject: 'error' };

export function decisionColor(decision: string): string {
  return isDecision(decision) ? DECISION_COLORS[decision] : 'default';
}

const GRANT_COLORS: Record<GrantStatus, string> = { active: 'success', suspended: 'warning', revoked: 'error', expired: 'default' };

export function grantStatusColor(status: string): string {
  return isGrantStatus(status) ? GRANT_COLORS[status] : 'default';
}

const FEEDBACK_COLORS: Record<FeedbackState, string> = { 'not-due': 'default', due: 'gold', overdue: 'error', submitted: 'success' };

export function feedbackStateColor(state: string): string {
  return isFeedbackState(state) ? FEEDBACK_COLORS[state] : 'default';
}

/** A long id shortened for tables (the full id is on hover and copyable where it matters). */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** Whether a grant can still be revoked: it is in force or paused. */
export function revocable(grant: { status: string }): boolean {
  return grant.status === 'active' || grant.status === 'suspended';
}

/**
 * Whether to offer revocation: the information administrator (grant:write) for any live grant, a
 * department head (grant:revoke) only for grants opening their own department's data — the rule the
 * server enforces.
 */
export function mayRevoke(grant: { status: string; catalogCode: string }, viewer: { canWrite: boolean; canRevoke: boolean; departmentCode: string | null }, owners: ReadonlyMap<string, string | null>): boolean {
  if (!revocable(grant) || !viewer.canRevoke) return false;
  if (viewer.canWrite) return true;
  return viewer.departmentCode !== null && owners.get(grant.catalogCode) === viewer.departmentCode;
}
