import type { ScanEntry } from './rule-types.js';

/** Objects whose reads are reads of patient data (records through access, the integrated patient view). */
const DATA_OBJECTS = new Set(['record', 'patient']);

/** A successful read or search of patient data by a signed-in user. */
export function isDataRead(entry: ScanEntry): boolean {
  return entry.outcome === 'success' && entry.actorType === 'user' && entry.actorId !== null && (entry.action === 'read' || entry.action === 'search') && DATA_OBJECTS.has(entry.objectType ?? '');
}

/**
 * The patients an entry touched: its patient column and, for pages, `details.patients` (which the
 * access routes fill even when the caller saw only pseudonyms).
 */
export function patientsOf(entry: ScanEntry): string[] {
  const listed = Array.isArray(entry.details.patients) ? entry.details.patients.filter((p): p is string => typeof p === 'string') : [];
  return [...new Set([...(entry.patientId ? [entry.patientId] : []), ...listed])];
}

/** How many records the read returned (a single read that succeeded returned one). */
export function returnedOf(entry: ScanEntry): number {
  const returned = entry.details.returned;
  return typeof returned === 'number' ? returned : entry.action === 'read' ? 1 : 0;
}

/** The kinds of rule that opened the data: `grant:<id>` and `emergency:<id>` lose their ids. */
export function basisKinds(entry: ScanEntry): string[] {
  if (!entry.accessBasis || entry.accessBasis === 'none') return [];
  return [...new Set(entry.accessBasis.split(',').map((basis) => basis.trim().split(':')[0]!))];
}

export function catalogOf(entry: ScanEntry): string | null {
  return typeof entry.details.catalog === 'string' ? entry.details.catalog : null;
}

export const timeOf = (entry: ScanEntry): number => Date.parse(entry.recordedAt);

/** Entries grouped by a key, each group in sequence order (the input is). */
export function groupBy(entries: readonly ScanEntry[], key: (entry: ScanEntry) => string | null): Map<string, ScanEntry[]> {
  const groups = new Map<string, ScanEntry[]>();
  for (const entry of entries) {
    const k = key(entry);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(entry);
    else groups.set(k, [entry]);
  }
  return groups;
}
