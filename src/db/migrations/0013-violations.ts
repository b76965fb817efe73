import type { Kysely } from 'kysely';

/**
 * Violation handling (违规处理, policy Ch.7 (3)): cases against a user, a department or an external
 * institution, their evidence (audit entries, alerts), their history (notes, suspension, decision,
 * second approval, appeal) and what a suspension changed, so that lifting it restores exactly that.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('violation_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('suspended', 'integer', (c) => c.notNull())
    .addColumn('decision_kind', 'text')
    .addColumn('decision_details', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('violation_cases_subject_idx').on('violation_cases').columns(['subject_kind', 'subject_id']).execute();
  await db.schema.createIndex('violation_cases_opened_idx').on('violation_cases').columns(['opened_at']).execute();
  await db.schema.createIndex('violation_cases_status_idx').on('violation_cases').columns(['status', 'opened_at']).execute();

  await db.schema
    .createTable('violation_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('violation_events_case_idx').on('violation_events').columns(['case_id', 'at']).execute();
  await db.schema.createIndex('violation_events_kind_idx').on('violation_events').columns(['kind', 'at']).execute();

  await db.schema
    .createTable('violation_evidence')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('violation_evidence_pk', ['case_id', 'kind', 'ref'])
    .execute();

  await db.schema
    .createTable('violation_suspensions')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'text', (c) => c.notNull())
    .addColumn('restored_at', 'text')
    .addPrimaryKeyConstraint('violation_suspensions_pk', ['case_id', 'target_kind', 'target_id', 'suspended_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['violation_suspensions', 'violation_evidence', 'violation_events', 'violation_cases']) await db.schema.dropTable(table).execute();
}
