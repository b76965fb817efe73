import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/index.js';

/** Fields of CLIN_LAB_REPORT a request names, with an optional justification each. */
export type RequestedField = { name: string; justification?: string };

/**
 * The share request form of the stories: laboratory reports of named patients for a quality-control
 * study, with legal duty as basis. Tests override what their story is about (channel, fields, …).
 */
export function labRequestForm(recipientDepartmentId: string, patientIds: string[], fields: RequestedField[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recipient: { kind: 'department', id: recipientDepartmentId },
    resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields }],
    purpose: 'quality-control',
    legalBasis: { kind: 'legal-duty' },
    patients: { kind: 'patients', patientIds },
    accessDays: 30,
    channel: 'export',
    identification: 'identified',
    consentOnRecord: false,
    ...overrides,
  };
}

/** Patients with lab reports that the staff member's care teams do not cover, so only a grant opens them. */
export async function labPatientsOutsideCareTeam(db: Kysely<Database>, staffKey: string, count: number): Promise<string[]> {
  const rows = await db
    .selectFrom('records')
    .select('patient_id')
    .distinct()
    .where('catalog_code', '=', 'CLIN_LAB_REPORT')
    .where('patient_id', 'not in', db.selectFrom('care_team_members as c').innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id').select('c.patient_id').where('s.staff_key', '=', staffKey))
    .orderBy('patient_id')
    .limit(count)
    .execute();
  return rows.map((row) => row.patient_id!);
}
