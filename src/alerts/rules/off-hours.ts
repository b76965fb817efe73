import { basisKinds, catalogOf, isDataRead, returnedOf } from '../entry-facts.js';
import { addDays, clockMinutes, localTime, type LocalTime } from '../local-time.js';
import { MAX_EVIDENCE, subjectOf, type AlertCandidate, type AlertRuleSettings, type ScanEntry } from '../rule-types.js';

type OffHoursSettings = AlertRuleSettings['offHours'];

/**
 * Reads without a catalog resource in their entry (the integrated patient view, patient search)
 * show who the patient is: directly identifying data, level 4 (GB/T 39725 §6.2, COMPLIANCE A.2).
 */
export const IDENTIFYING_LEVEL = 4;

/**
 * The off-hours period a local time falls in, named by the local date it began on (a night from
 * 22:00 on the 3rd to 06:00 on the 4th is the 3rd's), or null within working hours.
 */
export function offHoursPeriod(local: LocalTime, params: Pick<OffHoursSettings, 'start' | 'end' | 'weekends'>): string | null {
  const start = clockMinutes(params.start);
  const end = clockMinutes(params.end);
  const wraps = start > end;
  const inWindow = start === end ? false : wraps ? local.minutes >= start || local.minutes < end : local.minutes >= start && local.minutes < end;
  if (inWindow) return wraps && local.minutes < end ? addDays(local.date, -1) : local.date;
  if (params.weekends && (local.weekday === 0 || local.weekday === 6)) return local.date;
  return null;
}

/**
 * 非工作时间访问: successful reads of data at level ≥ `minLevel` in the hospital's off-hours. The
 * level is the catalog resource's (`levelOf`): a record takes its resource's level when it is
 * ingested, so for single reads the catalog answers as well as the record would. Reads that only
 * exempt bases opened (by default the care team on night shift, and break-glass, which has its own
 * review) are not counted. One alert per user and off-hours period.
 */
export function offHours(entries: readonly ScanEntry[], newFrom: number, params: OffHoursSettings, levelOf: (catalogCode: string) => number | undefined): AlertCandidate[] {
  const exempt = new Set<string>(params.exemptBases);
  const periods = new Map<string, { first: ScanEntry; last: ScanEntry; seqs: number[]; reads: number; maxLevel: number; catalogs: Set<string> }>();
  for (const entry of entries) {
    if (entry.seq < newFrom || !isDataRead(entry) || returnedOf(entry) === 0) continue;
    const bases = basisKinds(entry);
    if (bases.length > 0 && bases.every((basis) => exempt.has(basis))) continue;
    const catalog = catalogOf(entry);
    const level = catalog ? levelOf(catalog) : IDENTIFYING_LEVEL;
    if (level === undefined || level < params.minLevel) continue;
    const period = offHoursPeriod(localTime(entry.recordedAt), params);
    if (period === null) continue;
    const key = `off-hours:${entry.actorId}:${period}`;
    const found = periods.get(key) ?? { first: entry, last: entry, seqs: [], reads: 0, maxLevel: 0, catalogs: new Set<string>() };
    found.last = entry;
    found.reads += 1;
    found.maxLevel = Math.max(found.maxLevel, level);
    if (catalog) found.catalogs.add(catalog);
    if (found.seqs.length < MAX_EVIDENCE) found.seqs.push(entry.seq);
    periods.set(key, found);
  }
  return [...periods.entries()].map(([dedupeKey, found]) => ({
    rule: 'off-hours' as const,
    severity: found.maxLevel >= 5 ? ('high' as const) : ('medium' as const),
    dedupeKey,
    subject: subjectOf(found.first),
    facts: { reads: found.reads, maxLevel: found.maxLevel, minLevel: params.minLevel, catalogs: [...found.catalogs].slice(0, 10), window: `${params.start}–${params.end}`, weekends: params.weekends, from: found.first.recordedAt, to: found.last.recordedAt },
    evidence: found.seqs,
    occurredAt: found.first.recordedAt,
  }));
}
