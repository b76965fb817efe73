import { PostgresAdapter, sql, type Kysely } from 'kysely';

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

  await db.schema
    .createTable('audit_sequencer')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('tree_size', 'bigint', (c) => c.notNull())
    .addColumn('archived_before', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('audit_sequencer').values({ id: 1, tree_size: 0, archived_before: 0 }).execute();

  await db.schema
    .createTable('audit_archives')
    .addColumn('from_seq', 'bigint', (c) => c.primaryKey())
    .addColumn('to_seq', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .execute();

  for (const statement of appendOnlyGuards(db)) await sql.raw(statement).execute(db);
}

/**
 * Triggers that make the log append-only for the application and any other ordinary client:
 * entries cannot be updated, and deleted only below the archive mark; nodes and checkpoints never.
 * A database owner can still drop them — that is what the Merkle tree and signed checkpoints
 * detect. The trigger language differs, so this is the one place that asks which database it is.
 */
function appendOnlyGuards(db: Kysely<any>): string[] {
  const message = 'audit log is append-only';
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return [
      `CREATE FUNCTION yixiang_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_TABLE_NAME = 'audit_entries' AND TG_OP = 'DELETE' THEN
           IF OLD.seq < (SELECT archived_before FROM audit_sequencer WHERE id = 1) THEN
             RETURN OLD;
           END IF;
         END IF;
         RAISE EXCEPTION '${message}' USING ERRCODE = 'integrity_constraint_violation';
       END $$`,
      ...['audit_entries', 'audit_nodes', 'audit_checkpoints'].map(
        (table) => `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION yixiang_audit_append_only()`,
      ),
    ];
  }
  return [
    `CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    `CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries WHEN OLD.seq >= (SELECT archived_before FROM audit_sequencer WHERE id = 1) BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    ...['audit_nodes', 'audit_checkpoints'].flatMap((table) => [
      `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
      `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    ]),
  ];
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_archives', 'audit_sequencer', 'audit_checkpoints', 'audit_nodes', 'audit_entries']) await db.schema.dropTable(table).execute();
}
