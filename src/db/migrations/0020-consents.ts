import type { Kysely } from 'kysely';

/**
 * Patient consent (单独同意, PIPL Art. 23 and 29) to provide data to another processor.
 *
 * - `consents`: one row per consent: patient × recipient × purpose × catalog resources × period,
 *   with its evidence (a signed form or a verbal consent taken by a clinician) and its withdrawal.
 *   Access checks look a consent up by (patient_id, recipient_id, status) on every guarded read.
 * - `consent_forms`: uploaded signed forms, sealed, apart so lists never load them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('recipient_kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('catalog_codes', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence_kind', 'text', (c) => c.notNull())
    .addColumn('evidence_file_id', 'text')
    .addColumn('evidence_clinician_id', 'text')
    .addColumn('evidence_recorded_at', 'text', (c) => c.notNull())
    .addColumn('evidence_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawal_reason', 'text')
    .execute();
  await db.schema.createIndex('consents_patient_recipient_status_idx').on('consents').columns(['patient_id', 'recipient_id', 'status']).execute();

  await db.schema
    .createTable('consent_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('consent_id', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consent_forms_consent_idx').on('consent_forms').column('consent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consent_forms').execute();
  await db.schema.dropTable('consents').execute();
}
