import { groupBy } from '../entry-facts.js';
import { addDays, localTime } from '../local-time.js';
import { MAX_EVIDENCE, subjectOf, type AlertCandidate, type AlertRuleSettings, type ScanEntry } from '../rule-types.js';

/**
 * The records an entry put into an export package: a successful package build. A download hands out
 * a package already counted at its build, so downloads do not add to the volume.
 */
export function exportedRecords(entry: ScanEntry): number {
  if (entry.action !== 'export' || entry.objectType !== 'export_package' || entry.outcome !== 'success' || entry.details.change !== 'build') return 0;
  const records = entry.details.records;
  return typeof records === 'number' && records > 0 ? records : 0;
}

/**
 * 导出量激增: a user whose records exported on one local day exceed
 * max(`floor`, `factor` × their mean daily volume over the `trailingDays` before it). `entries` must
 * hold the user's builds from the trailing period on (the look-back); the alert is raised at the
 * build that crossed the line, once per user and day.
 */
export function exportSpike(entries: readonly ScanEntry[], newFrom: number, params: AlertRuleSettings['exportSpike']): AlertCandidate[] {
  const candidates: AlertCandidate[] = [];
  for (const [, builds] of groupBy(entries.filter((e) => e.actorId !== null && exportedRecords(e) > 0), (e) => e.actorId)) {
    const daily = new Map<string, number>();
    const raised = new Set<string>();
    const dayEntries = new Map<string, ScanEntry[]>();
    for (const entry of builds) {
      const day = localTime(entry.recordedAt).date;
      const total = (daily.get(day) ?? 0) + exportedRecords(entry);
      daily.set(day, total);
      dayEntries.set(day, [...(dayEntries.get(day) ?? []), entry]);
      if (entry.seq < newFrom || raised.has(day)) continue;
      let trailing = 0;
      for (let back = 1; back <= params.trailingDays; back += 1) trailing += daily.get(addDays(day, -back)) ?? 0;
      const mean = trailing / params.trailingDays;
      const limit = Math.max(params.floor, params.factor * mean);
      if (total <= limit) continue;
      raised.add(day);
      candidates.push({
        rule: 'export-spike',
        severity: 'high',
        dedupeKey: `export-spike:${entry.actorId}:${day}`,
        subject: subjectOf(entry),
        facts: { day, records: total, packages: dayEntries.get(day)!.length, trailingDailyMean: Math.round(mean * 10) / 10, trailingDays: params.trailingDays, factor: params.factor, floor: params.floor, limit: Math.round(limit) },
        evidence: dayEntries.get(day)!.slice(-MAX_EVIDENCE).map((e) => e.seq),
        occurredAt: entry.recordedAt,
      });
    }
  }
  return candidates;
}
