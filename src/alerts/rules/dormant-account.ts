import { groupBy, timeOf } from '../entry-facts.js';
import { subjectOf, type AlertCandidate, type AlertRuleSettings, type ScanEntry } from '../rule-types.js';

/** What the scan knows of an account before the new entries. */
export interface PriorActivity {
  /** Its last entry before the scanned range, or null when it has none within the dormancy period. */
  lastAt: string | null;
  /** When the account was created; an account never used is dormant only once it is this old. */
  createdAt: string | null;
}

const DAY_MS = 86_400_000;
const EVIDENCE_AFTER_WAKING = 9;

/**
 * 休眠账号重新活动: an account acting again after `days` or more without any audited activity (or,
 * never used, created that long ago). `prior` holds each user's activity before `newFrom`; within the
 * new entries the gaps are measured directly. The evidence is the waking entry (usually its sign-in)
 * and the next few entries of the account. One alert per waking.
 */
export function dormantAccount(entries: readonly ScanEntry[], newFrom: number, params: AlertRuleSettings['dormantAccount'], prior: ReadonlyMap<string, PriorActivity>): AlertCandidate[] {
  const limitMs = params.days * DAY_MS;
  const candidates: AlertCandidate[] = [];
  const acting = entries.filter((e) => e.seq >= newFrom && e.actorType === 'user' && e.actorId !== null);
  for (const [userId, own] of groupBy(acting, (e) => e.actorId)) {
    const known = prior.get(userId);
    if (!known) continue;
    let lastAt = known.lastAt;
    own.forEach((entry, index) => {
      const since = lastAt ?? known.createdAt;
      lastAt = entry.recordedAt;
      if (since === null || timeOf(entry) - Date.parse(since) < limitMs) return;
      candidates.push({
        rule: 'dormant-account',
        severity: 'medium',
        dedupeKey: `dormant-account:${userId}:${entry.seq}`,
        subject: subjectOf(entry),
        // A null last activity means none within the period searched, not necessarily never.
        facts: { thresholdDays: params.days, lastActivityAt: index === 0 ? known.lastAt : since, idleDays: index === 0 && known.lastAt === null ? null : Math.floor((timeOf(entry) - Date.parse(since)) / DAY_MS), wokeWith: entry.action },
        evidence: own.slice(index, index + 1 + EVIDENCE_AFTER_WAKING).map((e) => e.seq),
        occurredAt: entry.recordedAt,
      });
    });
  }
  return candidates;
}
