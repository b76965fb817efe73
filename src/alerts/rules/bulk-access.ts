import { groupBy, isDataRead, patientsOf, timeOf } from '../entry-facts.js';
import { MAX_EVIDENCE, subjectOf, type AlertCandidate, type AlertRuleSettings, type ScanEntry } from '../rule-types.js';

/**
 * 批量访问: a user who touched more than `maxPatients` distinct patients within any sliding window
 * of `windowMinutes`. `entries` are in sequence order and include the look-back before `newFrom`, so
 * a burst that started before the previous scan still counts; only windows ending at a new entry
 * raise. At most one alert per user and window-long period (the period of the entry that crossed
 * the threshold), however long the burst goes on.
 */
export function bulkAccess(entries: readonly ScanEntry[], newFrom: number, params: AlertRuleSettings['bulkAccess']): AlertCandidate[] {
  const windowMs = params.windowMinutes * 60_000;
  const candidates = new Map<string, AlertCandidate>();
  for (const [userId, reads] of groupBy(entries.filter(isDataRead), (e) => e.actorId)) {
    const window: ScanEntry[] = [];
    const counts = new Map<string, number>();
    for (const entry of reads) {
      window.push(entry);
      for (const patient of patientsOf(entry)) counts.set(patient, (counts.get(patient) ?? 0) + 1);
      while (timeOf(window[0]!) <= timeOf(entry) - windowMs) {
        for (const patient of patientsOf(window.shift()!)) {
          const left = counts.get(patient)! - 1;
          if (left === 0) counts.delete(patient);
          else counts.set(patient, left);
        }
      }
      if (entry.seq < newFrom || counts.size <= params.maxPatients) continue;
      const dedupeKey = `bulk-access:${userId}:${Math.floor(timeOf(entry) / windowMs)}`;
      if (candidates.has(dedupeKey)) continue;
      candidates.set(dedupeKey, {
        rule: 'bulk-access',
        severity: 'high',
        dedupeKey,
        subject: subjectOf(entry),
        facts: { patients: counts.size, threshold: params.maxPatients, windowMinutes: params.windowMinutes, entries: window.length, from: window[0]!.recordedAt, to: entry.recordedAt },
        evidence: window.slice(-MAX_EVIDENCE).map((e) => e.seq),
        occurredAt: entry.recordedAt,
      });
    }
  }
  return [...candidates.values()];
}
