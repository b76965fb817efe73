import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/index.js';

/** A patient of an open admission (no end yet) with the demo clinician `staffKey` on its care team. */
export async function openCareTeamPatientOf(db: Kysely<Database>, staffKey: string): Promise<string> {
  const row = await db
    .selectFrom('care_team_members as c')
    .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
    .select('c.patient_id')
    .where('s.staff_key', '=', staffKey)
    .where('c.period_end', 'is', null)
    .executeTakeFirstOrThrow();
  return row.patient_id;
}
