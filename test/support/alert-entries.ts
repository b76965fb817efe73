import type { ScanEntry } from '../../src/alerts/rule-types.js';

/** Builders for the rule tests: a plausible audit entry with only what the case changes spelled out. */
let nextSeq = 1000;

export function entry(overrides: Partial<ScanEntry> & { at: string }): ScanEntry {
  const { at, ...rest } = overrides;
  return {
    seq: nextSeq++,
    recordedAt: new Date(at).toISOString(),
    actorType: 'user',
    actorId: 'u-wang',
    actorName: 'dr.wang',
    actorDepartmentId: 'd-nk',
    action: 'read',
    objectType: 'record',
    objectId: 'Observation/o1',
    patientId: null,
    grantId: null,
    accessBasis: 'department',
    outcome: 'success',
    reason: null,
    details: {},
    ...rest,
  };
}

/** A successful single read of one patient's record of a catalog resource. */
export function readOf(patientId: string, at: string, overrides: Partial<ScanEntry> = {}): ScanEntry {
  return entry({ at, patientId, details: { catalog: 'CLIN_LAB_REPORT', returned: 1 }, ...overrides });
}

/** A search page that returned records of these patients. */
export function searchOf(patients: readonly string[], at: string, overrides: Partial<ScanEntry> = {}): ScanEntry {
  return entry({ at, action: 'search', objectId: null, details: { catalog: 'CLIN_LAB_REPORT', returned: patients.length, patients: [...patients] }, ...overrides });
}

export const patientIds = (count: number, prefix = 'p') => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
