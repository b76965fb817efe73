import type { Kysely } from 'kysely';

/**
 * Access enforcement: versioned policy settings, grants with their explicit patient lists,
 * emergency accesses, and the care-team facts the treating-relationship rule joins against.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policy_settings')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('policy_settings_pk', ['key', 'version'])
    .execute();

  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grantee_kind', 'text', (c) => c.notNull())
    .addColumn('grantee_id', 'text', (c) => c.notNull())
    .addColumn('catalog_code', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('patient_scope', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('masking_profile', 'text', (c) => c.notNull())
    .addColumn('share_request_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'text')
    .addColumn('status_changed_by', 'text')
    .addColumn('status_reason', 'text')
    .execute();
  await db.schema.createIndex('grants_grantee_idx').on('grants').columns(['grantee_kind', 'grantee_id', 'catalog_code', 'status']).execute();

  await db.schema
    .createTable('grant_patients')
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('grant_patients_pk', ['grant_id', 'patient_id'])
    .execute();

  await db.schema
    .createTable('emergency_accesses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('review_status', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .execute();
  await db.schema.createIndex('emergency_accesses_user_idx').on('emergency_accesses').columns(['user_id', 'patient_id', 'expires_at']).execute();
  await db.schema.createIndex('emergency_accesses_review_idx').on('emergency_accesses').columns(['review_status', 'opened_at']).execute();

  // Who treats whom, read out of Encounter.participant at ingest: the payload itself is encrypted,
  // so the treating-relationship rule needs these facts in plain columns to stay in SQL.
  await db.schema
    .createTable('care_team_members')
    .addColumn('encounter_id', 'text', (c) => c.notNull())
    .addColumn('practitioner_id', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addPrimaryKeyConstraint('care_team_members_pk', ['encounter_id', 'practitioner_id'])
    .execute();
  await db.schema.createIndex('care_team_members_practitioner_idx').on('care_team_members').columns(['practitioner_id', 'patient_id']).execute();

  await db.schema
    .createTable('staff_practitioners')
    .addColumn('practitioner_id', 'text', (c) => c.primaryKey())
    .addColumn('staff_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_practitioners_staff_idx').on('staff_practitioners').columns(['staff_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['staff_practitioners', 'care_team_members', 'emergency_accesses', 'grant_patients', 'grants', 'policy_settings']) {
    await db.schema.dropTable(table).execute();
  }
}
