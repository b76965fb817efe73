import type { Kysely } from 'kysely';

/**
 * Referrals (转诊).
 *
 * - `referrals`: a clinician's referral of one patient to a partner institution; the share request
 *   filed on the partner's behalf carries the workflow, this row the clinical reason (sealed).
 * - `inbound_referrals`: FHIR ServiceRequests partners send us, sealed, listed per receiving
 *   department and status; `inbound_referral_attachments` their documents, sealed, apart so lists
 *   never load them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('share_request_id', 'text', (c) => c.notNull().unique())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'text', (c) => c.notNull())
    .addColumn('referrer_department_id', 'text')
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referrals_referrer_idx').on('referrals').columns(['referrer_id', 'created_at']).execute();
  await db.schema.createIndex('referrals_department_idx').on('referrals').columns(['referrer_department_id', 'created_at']).execute();
  await db.schema.createIndex('referrals_patient_idx').on('referrals').column('patient_id').execute();

  await db.schema
    .createTable('inbound_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('api_client_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text')
    .addColumn('matched_by', 'text')
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('priority', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('inbound_referrals_department_idx').on('inbound_referrals').columns(['department_id', 'status', 'received_at']).execute();
  await db.schema.createIndex('inbound_referrals_institution_idx').on('inbound_referrals').column('institution_id').execute();

  await db.schema
    .createTable('inbound_referral_attachments')
    .addColumn('referral_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_referral_attachments_pk', ['referral_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_referral_attachments').execute();
  await db.schema.dropTable('inbound_referrals').execute();
  await db.schema.dropTable('referrals').execute();
}
