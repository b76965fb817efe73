import { basisKinds, isDataRead, patientsOf } from '../entry-facts.js';
import { localTime } from '../local-time.js';
import { MAX_EVIDENCE, subjectOf, type AlertCandidate, type ScanEntry, type Severity } from '../rule-types.js';

/**
 * A colleague's treating clinician reading their records is expected, but staff records are where
 * curiosity does harm, so it is still raised — lower. Break-glass sits between: it is reviewed anyway.
 */
function severityOf(bases: readonly string[]): Severity {
  if (bases.length > 0 && bases.every((basis) => basis === 'care-team')) return 'low';
  if (bases.includes('emergency') && !bases.includes('department') && !bases.includes('grant')) return 'medium';
  return 'high';
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/**
 * 访问同事病历: a successful read of a patient who is linked to a staff account, by any other
 * user. `staffOf` answers from the staff–patient links. One alert per reader, colleague and local
 * day; the severity is the highest of the day's reads.
 */
export function staffPatient(entries: readonly ScanEntry[], newFrom: number, staffOf: (patientId: string) => string | undefined): AlertCandidate[] {
  const found = new Map<string, AlertCandidate>();
  for (const entry of entries) {
    if (entry.seq < newFrom || !isDataRead(entry)) continue;
    for (const patient of patientsOf(entry)) {
      const colleague = staffOf(patient);
      if (!colleague || colleague === entry.actorId) continue;
      const dedupeKey = `staff-patient:${entry.actorId}:${colleague}:${localTime(entry.recordedAt).date}`;
      const bases = basisKinds(entry);
      const severity = severityOf(bases);
      const alert = found.get(dedupeKey);
      if (!alert) {
        found.set(dedupeKey, { rule: 'staff-patient', severity, dedupeKey, subject: subjectOf(entry), facts: { colleagueUserId: colleague, reads: 1, bases }, evidence: [entry.seq], occurredAt: entry.recordedAt });
        continue;
      }
      if (alert.evidence.at(-1) === entry.seq) continue;
      alert.facts.reads = (alert.facts.reads as number) + 1;
      alert.facts.bases = [...new Set([...(alert.facts.bases as string[]), ...bases])];
      if (RANK[severity] > RANK[alert.severity]) alert.severity = severity;
      if (alert.evidence.length < MAX_EVIDENCE) alert.evidence.push(entry.seq);
    }
  }
  return [...found.values()];
}
