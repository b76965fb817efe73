import type { AlertCandidate, AlertRuleSettings, AlertSubject } from '../rule-types.js';

/** An emergency access window still awaiting its review, from the emergency table (not the log). */
export interface PendingEmergency {
  id: string;
  subject: AlertSubject;
  openedAt: string;
  /** The audit entry that opened the window, when it is still in the log. */
  openingSeq: number | null;
}

/**
 * 紧急访问超时未复核: a break-glass window not reviewed within `hours` of being opened. Time comes
 * from the table, so this rule is evaluated on every scan, whatever entries arrived. One alert per
 * window; the entry that opened it is the evidence.
 */
export function emergencyUnreviewed(pending: readonly PendingEmergency[], now: Date, params: AlertRuleSettings['emergencyReview']): AlertCandidate[] {
  const limitMs = params.hours * 3_600_000;
  return pending
    .filter((window) => now.getTime() - Date.parse(window.openedAt) >= limitMs)
    .map((window) => ({
      rule: 'emergency-unreviewed' as const,
      severity: 'medium' as const,
      dedupeKey: `emergency-unreviewed:${window.id}`,
      subject: window.subject,
      facts: { emergencyAccessId: window.id, openedAt: window.openedAt, reviewHours: params.hours, hoursOpen: Math.floor((now.getTime() - Date.parse(window.openedAt)) / 3_600_000) },
      evidence: window.openingSeq === null ? [] : [window.openingSeq],
      occurredAt: new Date(Date.parse(window.openedAt) + limitMs).toISOString(),
    }));
}
