import type { InboxItem } from '../../api/types';

const REVIEW_KINDS = new Set(['review-item', 'review-overdue']);

/**
 * Where a notice leads: a review item into the review queue's view of the request, any other notice about
 * a request to the request, a grant to the grant (which sends a requester on to its request), a suggestion
 * to the suggestion, a violation case to the case, a referral a partner sent to the inbound referral.
 */
export function subjectPath(item: Pick<InboxItem, 'kind' | 'subjectType' | 'subjectId'>): string | null {
  const id = encodeURIComponent(item.subjectId);
  if (item.subjectType === 'share_request') return REVIEW_KINDS.has(item.kind) ? `/reviews/${id}` : `/share-requests/${id}`;
  if (item.subjectType === 'grant') return `/grants/${id}`;
  // A notice to the submitter of an anonymous suggestion names none (so the stored notice joins nobody to it): their own list.
  if (item.subjectType === 'suggestion') return item.subjectId ? `/suggestions/${id}` : '/suggestions';
  // The link is how the subject of a case reaches it: the violations menu entry is for supervisors only.
  if (item.subjectType === 'violation_case') return `/violations/${id}`;
  if (item.subjectType === 'inbound_referral') return `/referrals/inbound/${id}`;
  return null;
}

export function unreadIds(items: readonly InboxItem[]): string[] {
  return items.filter((item) => item.readAt === null).map((item) => item.id);
}

/** The list after marking `ids` read at `at`, without reading it again. */
export function markedRead(items: readonly InboxItem[], ids: readonly string[], at: string): InboxItem[] {
  const marked = new Set(ids);
  return items.map((item) => (marked.has(item.id) && item.readAt === null ? { ...item, readAt: at } : item));
}
