import { groupBy, timeOf } from '../entry-facts.js';
import { MAX_EVIDENCE, type AlertCandidate, type AlertRuleSettings, type AlertSubject, type ScanEntry } from '../rule-types.js';

/**
 * Who a denial counts against: the signed-in user, or for a failed sign-in the name that was tried.
 * Requests with neither (an expired session's 401) say nothing about anyone.
 */
function actorKey(entry: ScanEntry): string | null {
  if (entry.actorId) return `user:${entry.actorId}`;
  return entry.actorName ? `name:${entry.actorName}` : null;
}

/**
 * Refusals that are steps of normal use, not attempts: the prompt for a sign-in's second factor,
 * and routes closed to a user whose role requires two-step verification until they set it up.
 * A wrong code (MFA_INVALID) still counts.
 */
const NOT_ATTEMPTS: ReadonlySet<string> = new Set(['MFA_REQUIRED', 'MFA_ENROLMENT_REQUIRED']);

/**
 * 反复被拒绝: `threshold` or more denied requests (refused reads, forbidden actions, failed
 * sign-ins) by one actor within a sliding window of `windowMinutes`. `subjectByName` resolves the
 * name tried at a failed sign-in to its account, when there is one. One alert per actor and
 * window-long period.
 */
export function repeatedDenials(entries: readonly ScanEntry[], newFrom: number, params: AlertRuleSettings['repeatedDenials'], subjectByName: (username: string) => AlertSubject | undefined): AlertCandidate[] {
  const windowMs = params.windowMinutes * 60_000;
  const candidates = new Map<string, AlertCandidate>();
  for (const [key, denials] of groupBy(entries.filter((e) => e.outcome === 'denied' && !NOT_ATTEMPTS.has(e.reason ?? '')), actorKey)) {
    let first = 0;
    denials.forEach((entry, index) => {
      while (timeOf(denials[first]!) <= timeOf(entry) - windowMs) first += 1;
      const count = index - first + 1;
      if (entry.seq < newFrom || count < params.threshold) return;
      const dedupeKey = `repeated-denials:${key}:${Math.floor(timeOf(entry) / windowMs)}`;
      if (candidates.has(dedupeKey)) return;
      const window = denials.slice(first, index + 1);
      const subject = entry.actorId ? { userId: entry.actorId, username: entry.actorName, departmentId: entry.actorDepartmentId } : (subjectByName(entry.actorName!) ?? { userId: null, username: entry.actorName, departmentId: null });
      const reasons = [...new Set(window.map((e) => e.reason ?? e.action))].slice(0, 10);
      candidates.set(dedupeKey, {
        rule: 'repeated-denials',
        severity: 'medium',
        dedupeKey,
        subject,
        facts: { denials: count, threshold: params.threshold, windowMinutes: params.windowMinutes, reasons, from: window[0]!.recordedAt, to: entry.recordedAt },
        evidence: window.slice(-MAX_EVIDENCE).map((e) => e.seq),
        occurredAt: entry.recordedAt,
      });
    });
  }
  return [...candidates.values()];
}
