import type { FhirResource } from '../records/index.js';

/** The staff identifier system that links a Practitioner to a Yixiang account (its username). */
export const STAFF_SYSTEM = 'urn:yixiang:staff';

export interface CareTeamMember {
  encounterId: string;
  practitionerId: string;
  patientId: string;
  periodStart: string | null;
  periodEnd: string | null;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const idIn = (reference: unknown, type: string): string | null => {
  const match = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?$`).exec(str(obj(reference)?.reference) ?? '');
  return match?.[1] ?? null;
};

/**
 * Who treats the patient in this encounter: each Practitioner participant with the period they
 * took part (their own, else the encounter's). The treating-relationship rule ends a relationship
 * at the end of that period plus the after-discharge window, so an open encounter (no end) keeps
 * its care team until it is closed.
 */
export function careTeamOf(encounter: FhirResource): CareTeamMember[] {
  if (encounter.resourceType !== 'Encounter' || typeof encounter.id !== 'string') return [];
  const patientId = idIn(encounter.subject, 'Patient');
  if (!patientId) return [];
  const encounterPeriod = obj(encounter.period);
  const members = new Map<string, CareTeamMember>();
  for (const participant of Array.isArray(encounter.participant) ? encounter.participant : []) {
    const practitionerId = idIn(obj(participant)?.individual, 'Practitioner');
    if (!practitionerId) continue;
    const period = obj(obj(participant)?.period) ?? encounterPeriod;
    // Cancelled or entered-in-error encounters never created a treating relationship.
    if (encounter.status === 'cancelled' || encounter.status === 'entered-in-error') continue;
    const start = str(period?.start) ?? str(encounterPeriod?.start);
    const end = encounter.status === 'in-progress' || encounter.status === 'arrived' ? null : (str(period?.end) ?? str(encounterPeriod?.end));
    members.set(practitionerId, { encounterId: encounter.id, practitionerId, patientId, periodStart: start, periodEnd: end });
  }
  return [...members.values()];
}

/** The account a Practitioner belongs to, by its staff identifier. */
export function staffKeyOf(practitioner: FhirResource): string | null {
  if (practitioner.resourceType !== 'Practitioner') return null;
  for (const identifier of Array.isArray(practitioner.identifier) ? practitioner.identifier : []) {
    const value = obj(identifier);
    if (value?.system === STAFF_SYSTEM && typeof value.value === 'string' && value.value) return value.value;
  }
  return null;
}
