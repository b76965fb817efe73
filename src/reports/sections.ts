import type { CountRow, EmergencyStatistics, FeedbackStatistics, GrantStatistics, RequestStatistics } from './model.js';

/**
 * The report's sections from the rows of the quarter, as plain functions: the store loads, these
 * count. Every count is over the half-open period [from, to).
 */
export interface Period {
  from: string;
  to: string;
}

const within = (at: string | null | undefined, period: Period): boolean => at !== null && at !== undefined && at >= period.from && at < period.to;
const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

/** The value below which `share` of the sorted values lie (nearest rank); null for none. */
export function percentile(values: readonly number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return Math.round(sorted[rank - 1]! * 10) / 10;
}

export interface RequestFacts {
  id: string;
  submittedAt: string | null;
  state: string;
  closedAt: string | null;
}

export interface ReviewFacts {
  requestId: string;
  decision: string;
  decidedAt: string;
}

/**
 * Requests filed (first submitted) in the quarter; outcomes by the decisions taken in it; review
 * times from submission to the request's final decision, and each review step against the
 * per-step deadline (a step starts at submission or at the previous decision on the request).
 */
export function requestStatistics(requests: readonly RequestFacts[], reviews: readonly ReviewFacts[], stepHours: number, period: Period): RequestStatistics {
  const byRequest = new Map<string, ReviewFacts[]>();
  for (const review of [...reviews].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt))) {
    const list = byRequest.get(review.requestId) ?? [];
    list.push(review);
    byRequest.set(review.requestId, list);
  }
  const outcome = (decision: string) => reviews.filter((r) => r.decision === decision && within(r.decidedAt, period)).length;
  let withinDeadline = 0;
  let pastDeadline = 0;
  const totals: number[] = [];
  for (const request of requests) {
    if (!request.submittedAt) continue;
    let stepStart = request.submittedAt;
    for (const review of byRequest.get(request.id) ?? []) {
      if (within(review.decidedAt, period)) {
        if (hoursBetween(stepStart, review.decidedAt) <= stepHours) withinDeadline += 1;
        else pastDeadline += 1;
        if (review.decision === 'approve' || review.decision === 'narrow' || review.decision === 'reject') totals.push(hoursBetween(request.submittedAt, review.decidedAt));
      }
      stepStart = review.decidedAt;
    }
  }
  return {
    filed: requests.filter((r) => within(r.submittedAt, period)).length,
    approved: outcome('approve'),
    narrowed: outcome('narrow'),
    returned: outcome('return'),
    rejected: outcome('reject'),
    withdrawn: requests.filter((r) => r.state === 'withdrawn' && within(r.closedAt, period)).length,
    reviews: { decided: withinDeadline + pastDeadline, medianHours: percentile(totals, 0.5), p90Hours: percentile(totals, 0.9), withinDeadline, pastDeadline },
  };
}

export interface GrantFacts {
  createdAt: string;
  status: string;
  statusChangedAt: string | null;
  validFrom: string;
  validTo: string;
}

/**
 * Grants created in the quarter; revoked and expired in it; active and suspended at its end. A
 * status changed after the quarter ended is read back as it stood at the end.
 */
export function grantStatistics(grants: readonly GrantFacts[], period: Period): GrantStatistics {
  const atEnd = (grant: GrantFacts): string => {
    if (grant.createdAt >= period.to) return 'not-yet';
    const changedByEnd = grant.statusChangedAt !== null && grant.statusChangedAt < period.to;
    const status = changedByEnd ? grant.status : grant.status === 'expired' || grant.status === 'revoked' || grant.status === 'suspended' ? 'active' : grant.status;
    if (status === 'active' && grant.validTo <= period.to) return 'expired';
    return status;
  };
  const ends = grants.map(atEnd);
  return {
    created: grants.filter((g) => within(g.createdAt, period)).length,
    active: ends.filter((s) => s === 'active').length,
    // Reached their end in the quarter without being revoked first.
    expired: grants.filter((g) => within(g.validTo, period) && !(g.status === 'revoked' && g.statusChangedAt !== null && g.statusChangedAt < g.validTo)).length,
    revoked: grants.filter((g) => g.status === 'revoked' && within(g.statusChangedAt, period)).length,
    suspended: ends.filter((s) => s === 'suspended').length,
  };
}

export interface FeedbackFacts {
  dueAt: string;
  submittedAt: string | null;
}

/** Usage reports that fell due in the quarter: on time, late, or still missing at its end. */
export function feedbackStatistics(items: readonly FeedbackFacts[], period: Period): FeedbackStatistics {
  const due = items.filter((item) => within(item.dueAt, period));
  const filedByEnd = (item: FeedbackFacts) => item.submittedAt !== null && item.submittedAt < period.to;
  return {
    due: due.length,
    onTime: due.filter((item) => filedByEnd(item) && item.submittedAt! <= item.dueAt).length,
    late: due.filter((item) => filedByEnd(item) && item.submittedAt! > item.dueAt).length,
    overdue: due.filter((item) => !filedByEnd(item)).length,
  };
}

export interface EmergencyFacts {
  openedAt: string;
  reviewStatus: string;
  reviewedAt: string | null;
}

const REVIEW_LABELS: Record<string, { zh: string; en: string }> = {
  justified: { zh: '合理', en: 'Justified' },
  unjustified: { zh: '不合理', en: 'Unjustified' },
};

/** Emergency accesses (紧急访问) opened in the quarter and how their reviews ended by its end. */
export function emergencyStatistics(rows: readonly EmergencyFacts[], period: Period): EmergencyStatistics {
  const opened = rows.filter((row) => within(row.openedAt, period));
  const reviewedByEnd = (row: EmergencyFacts) => row.reviewStatus !== 'pending' && row.reviewedAt !== null && row.reviewedAt < period.to;
  const outcomes: CountRow[] = Object.entries(REVIEW_LABELS).map(([key, label]) => ({ key, label, count: opened.filter((row) => reviewedByEnd(row) && row.reviewStatus === key).length }));
  return { opened: opened.length, reviewed: opened.filter(reviewedByEnd).length, unreviewed: opened.filter((row) => !reviewedByEnd(row)).length, outcomes };
}

/** Counts by key, labelled, largest first (ties by key), the rest folded into "other" beyond `limit`. */
export function countRows(counts: ReadonlyMap<string, number>, labelOf: (key: string) => { zh: string; en: string }, limit = 20): CountRow[] {
  const rows = [...counts.entries()].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = rows.slice(0, limit).map(([key, count]) => ({ key, label: labelOf(key), count }));
  const rest = rows.slice(limit).reduce((sum, [, count]) => sum + count, 0);
  return rest > 0 ? [...shown, { key: 'other', label: { zh: '其他', en: 'Other' }, count: rest }] : shown;
}

export interface DeniedFacts {
  reason: string;
  actorId: string | null;
  actorName: string | null;
  count: number;
}

/**
 * Denials by reason, and the `top` users with most (ties by id, so the list is stable), from
 * groups that may name the same reason and user more than once (rolled totals and a live tail).
 */
export function deniedTotals(groups: readonly DeniedFacts[], top: number): { reasons: { reason: string; count: number }[]; users: { actorId: string; actorName: string | null; count: number }[] } {
  const reasons = new Map<string, number>();
  const users = new Map<string, { actorId: string; actorName: string | null; count: number }>();
  for (const group of groups) {
    reasons.set(group.reason, (reasons.get(group.reason) ?? 0) + group.count);
    if (group.actorId === null) continue;
    const user = users.get(group.actorId) ?? { actorId: group.actorId, actorName: null, count: 0 };
    user.count += group.count;
    if (group.actorName !== null && (user.actorName === null || group.actorName > user.actorName)) user.actorName = group.actorName;
    users.set(group.actorId, user);
  }
  return {
    reasons: [...reasons.entries()].map(([reason, count]) => ({ reason, count })),
    users: [...users.values()].sort((a, b) => b.count - a.count || a.actorId.localeCompare(b.actorId)).slice(0, top),
  };
}
