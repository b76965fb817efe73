import type { Kysely } from 'kysely';

// bigint for positions in the log: a busy hospital may pass 2^31 entries within the retention period.
export async function up(db: Kysely<any>): Promise<void> {
  let entries = db.schema.createTable('audit_entries').addColumn('seq', 'bigint', (c) => c.primaryKey()).addColumn('recorded_at', 'text', (c) => c.notNull());
  for (const column of ['actor_type', 'actor_roles', 'action', 'outcome', 'details', 'retention_class']) entries = entries.addColumn(column, 'text', (c) => c.notNull());
  for (const column of ['actor_id', 'actor_name', 'actor_department_id', 'object_type', 'object_id', 'patient_id', 'purpose_of_use', 'grant_id', 'access_basis', 'reason', 'source_ip', 'user_agent', 'request_id']) {
    entries = entries.addColumn(column, 'text');
  }
  await entries.execute();
  for (const column of ['recorded_at', 'actor_id', 'actor_department_id', 'patient_id', 'action', 'grant_id', 'object_id']) {
    await db.schema.createIndex(`audit_entries_${column}_idx`).on('audit_entries').columns([column, 'seq']).execute();
  }

  await db.schema
    .createTable('audit_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('tree_size', 'bigint', (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('hash_algorithm', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature_algorithm', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('audit_sequencer').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('tree_size', 'bigint', (c) => c.notNull()).execute();
  await db.insertInto('audit_sequencer').values({ id: 1, tree_size: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_sequencer', 'audit_checkpoints', 'audit_nodes', 'audit_entries']) await db.schema.dropTable(table).execute();
}
