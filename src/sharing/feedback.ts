/**
 * When usage feedback (使用反馈) is due and whether it is late: a set number of days after the share
 * ended — the grant's end date, the day it was revoked or expired early, or the first download of an
 * export package of it, whichever came first (the data is then in the recipient's hands). Pure rules;
 * the service applies them to the grants of share requests.
 */
export type FeedbackState = 'not-due' | 'due' | 'overdue' | 'submitted';

export interface GrantEnd {
  status: string;
  validTo: string;
  statusChangedAt: string | null;
  /** First download of an export package of this grant, if any. */
  firstDownloadAt?: string | null;
}

export function shareEndedAt(grant: GrantEnd): string {
  let end = grant.validTo;
  if ((grant.status === 'revoked' || grant.status === 'expired') && grant.statusChangedAt && grant.statusChangedAt < end) end = grant.statusChangedAt;
  if (grant.firstDownloadAt && Date.parse(grant.firstDownloadAt) < Date.parse(end)) end = grant.firstDownloadAt;
  return end;
}

export function feedbackDueAt(grant: GrantEnd, dueDays: number): string {
  return new Date(Date.parse(shareEndedAt(grant)) + dueDays * 86_400_000).toISOString();
}

export function feedbackState(grant: GrantEnd, dueDays: number, submittedAt: string | null, now: Date): FeedbackState {
  if (submittedAt) return 'submitted';
  if (Date.parse(feedbackDueAt(grant, dueDays)) < now.getTime()) return 'overdue';
  return Date.parse(shareEndedAt(grant)) <= now.getTime() ? 'due' : 'not-due';
}
