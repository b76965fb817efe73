import { localTime } from '../local-time.js';
import { MAX_EVIDENCE, subjectOf, type AlertCandidate, type ScanEntry } from '../rule-types.js';

/** The refusal code of a package download whose grant is no longer in force (src/sharing). */
export const PACKAGE_GRANT_ENDED = 'PACKAGE_GRANT_ENDED';

/**
 * The grant a refused request relied on after it lapsed: a record read refused where access found a
 * lapsed grant that would have opened it (`details.lapsedGrant`), or an export package download
 * refused because its grant ended.
 */
export function lapsedGrantOf(entry: ScanEntry): { id: string; status: string } | null {
  if (entry.outcome !== 'denied') return null;
  const lapsed = entry.details.lapsedGrant as { id?: unknown; status?: unknown } | undefined;
  if (lapsed && typeof lapsed.id === 'string') return { id: lapsed.id, status: typeof lapsed.status === 'string' ? lapsed.status : 'ended' };
  if (entry.reason === PACKAGE_GRANT_ENDED && entry.grantId) return { id: entry.grantId, status: 'ended' };
  return null;
}

/**
 * 使用失效授权: requests refused because the grant they relied on expired, was revoked or
 * suspended. A revoked or suspended grant in use is the stronger sign (someone decided to stop it).
 * One alert per user, grant and local day.
 */
export function lapsedGrant(entries: readonly ScanEntry[], newFrom: number): AlertCandidate[] {
  const found = new Map<string, AlertCandidate>();
  for (const entry of entries) {
    const grant = entry.seq >= newFrom && entry.actorId ? lapsedGrantOf(entry) : null;
    if (!grant) continue;
    const dedupeKey = `lapsed-grant:${entry.actorId}:${grant.id}:${localTime(entry.recordedAt).date}`;
    const alert = found.get(dedupeKey);
    if (alert) {
      alert.facts.attempts = (alert.facts.attempts as number) + 1;
      if (alert.evidence.length < MAX_EVIDENCE) alert.evidence.push(entry.seq);
      continue;
    }
    const severity = grant.status === 'revoked' || grant.status === 'suspended' ? 'high' : 'medium';
    found.set(dedupeKey, { rule: 'lapsed-grant', severity, dedupeKey, subject: subjectOf(entry), facts: { grantId: grant.id, grantStatus: grant.status, attempts: 1, via: entry.objectType }, evidence: [entry.seq], occurredAt: entry.recordedAt });
  }
  return [...found.values()];
}
