import type { Kysely } from 'kysely';

/**
 * Verification runs of the audit log: each full or incremental check, what it covered and what it
 * found. The quarterly report and the console quote the latest runs instead of re-reading tens of
 * millions of entries on every request; an incremental run starts at the signed checkpoint where
 * the previous sound run ended.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('from_size', 'bigint', (c) => c.notNull())
    .addColumn('tree_size', 'bigint', (c) => c.notNull())
    .addColumn('root_hash', 'text')
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('entries_checked', 'bigint', (c) => c.notNull())
    .addColumn('checkpoints_checked', 'integer', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_verifications_finished').on('audit_verifications').columns(['finished_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_verifications').execute();
}
