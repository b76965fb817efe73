import type { Kysely } from 'kysely';

/**
 * Running totals of the audit log's side of the quarterly report, kept by a job that folds in new
 * entries as they are appended: a quarter may hold tens of millions of entries, and the report
 * then reads these totals plus the few entries appended since the job last ran. Keys that are
 * absent in an entry are stored as '' (primary keys cannot hold NULL on PostgreSQL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_rollup_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('report_rollup_state').values({ id: 1, next_seq: 0, updated_at: new Date(0).toISOString() }).execute();
  await db.schema
    .createTable('report_sharing_rollup')
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('catalog', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('records', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_sharing_rollup_pk', ['quarter', 'department', 'purpose', 'catalog', 'channel'])
    .execute();
  await db.schema
    .createTable('report_hourly_rollup')
    .addColumn('hour', 'text', (c) => c.primaryKey())
    .addColumn('records', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('report_denied_rollup')
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('entries', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_denied_rollup_pk', ['quarter', 'reason', 'actor_id'])
    .execute();
  await db.schema
    .createTable('report_patient_rollup')
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('patient_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_patient_rollup_pk', ['quarter', 'patient_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_patient_rollup', 'report_denied_rollup', 'report_hourly_rollup', 'report_sharing_rollup', 'report_rollup_state']) await db.schema.dropTable(table).execute();
}
