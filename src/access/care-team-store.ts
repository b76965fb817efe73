import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { FhirResource } from '../records/index.js';
import { careTeamOf, staffKeyOf } from './care-team.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Instants compared as text must share one offset; FHIR sends local offsets (+08:00). */
function utc(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Keeps the care-team facts in step with ingested Encounters and Practitioners. Runs inside the
 * ingest transaction (the composition root hands it to the repository), so a record and the
 * treating relationship it implies are committed together. An Encounter re-sent with a different
 * team replaces its members.
 */
async function writeCareTeams(db: Db, resources: readonly FhirResource[]): Promise<void> {
  const encounters = resources.filter((r) => r.resourceType === 'Encounter' && typeof r.id === 'string');
  const practitioners = resources.flatMap((r) => {
    const staffKey = staffKeyOf(r);
    return staffKey && typeof r.id === 'string' ? [{ practitioner_id: r.id, staff_key: staffKey }] : [];
  });
  for (let i = 0; i < encounters.length; i += 300) {
    await db.deleteFrom('care_team_members').where('encounter_id', 'in', encounters.slice(i, i + 300).map((e) => e.id as string)).execute();
  }
  const members = encounters.flatMap(careTeamOf).map((m) => ({ encounter_id: m.encounterId, practitioner_id: m.practitionerId, patient_id: m.patientId, period_start: utc(m.periodStart), period_end: utc(m.periodEnd) }));
  for (let i = 0; i < members.length; i += 200) await db.insertInto('care_team_members').values(members.slice(i, i + 200)).execute();
  for (let i = 0; i < practitioners.length; i += 300) {
    const slice = practitioners.slice(i, i + 300);
    await db
      .insertInto('staff_practitioners')
      .values(slice)
      .onConflict((oc) => oc.column('practitioner_id').doUpdateSet((eb) => ({ staff_key: eb.ref('excluded.staff_key') })))
      .execute();
  }
}

/** Only Encounters and Practitioners carry care-team facts; naming them spares ingest the rest. */
export const indexCareTeams = Object.assign(writeCareTeams, { resourceTypes: ['Encounter', 'Practitioner'] as const });
