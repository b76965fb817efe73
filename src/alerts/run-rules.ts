import type { AlertCandidate, AlertRuleSettings, AlertSubject, ScanEntry } from './rule-types.js';
import { bulkAccess } from './rules/bulk-access.js';
import { dormantAccount, type PriorActivity } from './rules/dormant-account.js';
import { exportSpike } from './rules/export-spike.js';
import { lapsedGrant } from './rules/lapsed-grant.js';
import { offHours } from './rules/off-hours.js';
import { repeatedDenials } from './rules/repeated-denials.js';
import { staffPatient } from './rules/staff-patient.js';

/** One chunk of the log and what the rules need besides it, gathered by the scanner. */
export interface ChunkContext {
  /** The new entries, in sequence order. */
  entries: readonly ScanEntry[];
  /** Earlier entries the window rules look back on (same actors), in sequence order. */
  lookBack: readonly ScanEntry[];
  /** Package builds of the exporters in the chunk over the trailing period, in sequence order. */
  exportHistory: readonly ScanEntry[];
  levelOf(catalogCode: string): number | undefined;
  staffOf(patientId: string): string | undefined;
  subjectByName(username: string): AlertSubject | undefined;
  prior: ReadonlyMap<string, PriorActivity>;
}

function merged(older: readonly ScanEntry[], entries: readonly ScanEntry[]): ScanEntry[] {
  const first = entries[0]?.seq ?? Infinity;
  return [...older.filter((e) => e.seq < first), ...entries];
}

/** Every enabled rule over one chunk; candidates only for behaviour that includes a new entry. */
export function runRules(settings: AlertRuleSettings, context: ChunkContext): AlertCandidate[] {
  const { entries } = context;
  if (entries.length === 0) return [];
  const newFrom = entries[0]!.seq;
  const withLookBack = merged(context.lookBack, entries);
  return [
    ...(settings.bulkAccess.enabled ? bulkAccess(withLookBack, newFrom, settings.bulkAccess) : []),
    ...(settings.offHours.enabled ? offHours(entries, newFrom, settings.offHours, context.levelOf) : []),
    ...(settings.staffPatient.enabled ? staffPatient(entries, newFrom, context.staffOf) : []),
    ...(settings.repeatedDenials.enabled ? repeatedDenials(withLookBack, newFrom, settings.repeatedDenials, context.subjectByName) : []),
    ...(settings.lapsedGrant.enabled ? lapsedGrant(entries, newFrom) : []),
    ...(settings.exportSpike.enabled ? exportSpike(merged(context.exportHistory, entries), newFrom, settings.exportSpike) : []),
    ...(settings.dormantAccount.enabled ? dormantAccount(entries, newFrom, settings.dormantAccount, context.prior) : []),
  ];
}

/** How far back the sliding-window rules look before a chunk's first entry. */
export function lookBackMinutes(settings: AlertRuleSettings): number {
  return Math.max(settings.bulkAccess.enabled ? settings.bulkAccess.windowMinutes : 0, settings.repeatedDenials.enabled ? settings.repeatedDenials.windowMinutes : 0);
}
