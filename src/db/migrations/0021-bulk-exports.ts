import type { Kysely } from 'kysely';

/**
 * FHIR Bulk Data export for partner institutions (`GET /fhir/R4/Group/{id}/$export`, ADR 0021).
 *
 * - `bulk_exports`: one row per export job: which institution and API client started it, for which
 *   grant (the Group), its state, what it asked for and when it expires. `active_slot` is set only
 *   while the job is queued or running; the unique index on (institution_id, active_slot) (NULLs
 *   do not collide on either database) caps concurrent jobs per institution without locks.
 * - `bulk_export_files`: the NDJSON files a completed job wrote, sealed in the data directory
 *   (`bulk-exports/<export id>/`), each with its own key wrapped by the keyring.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulk_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('api_client_id', 'text', (c) => c.notNull().references('api_clients.id'))
    .addColumn('grant_id', 'text', (c) => c.notNull().references('grants.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('active_slot', 'integer')
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('types', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('progress', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('files_deleted_at', 'text')
    .execute();
  await db.schema.createIndex('bulk_exports_active_slot_idx').on('bulk_exports').columns(['institution_id', 'active_slot']).unique().execute();
  await db.schema.createIndex('bulk_exports_status_idx').on('bulk_exports').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('bulk_export_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('export_id', 'text', (c) => c.notNull().references('bulk_exports.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('plain_bytes', 'bigint', (c) => c.notNull())
    .addColumn('cipher', 'text', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addColumn('chunk_size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bulk_export_files_export_idx').on('bulk_export_files').column('export_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulk_export_files').execute();
  await db.schema.dropTable('bulk_exports').execute();
}
