import type { Kysely } from 'kysely';

/**
 * Delivery of export packages over HTTP (ADR 0011) and the data period of grants.
 *
 * - `export_packages`: one row per package built for a grant: who built it, for which recipient key,
 *   what it holds, until when and how many times it may be downloaded. The file itself lives in the
 *   data directory (`packages/<id>.yxpk`) and is deleted once the package expires or is used up.
 * - `grants.data_from` / `data_to`: the period the shared data covers (the request form's
 *   dataFrom/dataTo, [from, to)); records dated outside it are not opened by the grant.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('export_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('built_by', 'text', (c) => c.notNull())
    .addColumn('recipient_fingerprint', 'text', (c) => c.notNull())
    .addColumn('data_format', 'text', (c) => c.notNull())
    .addColumn('identification', 'text', (c) => c.notNull())
    .addColumn('record_count', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('manifest_hash', 'text', (c) => c.notNull())
    .addColumn('k_anonymity', 'integer')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('downloads_allowed', 'integer', (c) => c.notNull())
    .addColumn('downloads_used', 'integer', (c) => c.notNull())
    .addColumn('first_downloaded_at', 'text')
    .addColumn('last_downloaded_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_deleted_at', 'text')
    .execute();
  await db.schema.createIndex('export_packages_grant_idx').on('export_packages').columns(['grant_id', 'created_at']).execute();
  await db.schema.createIndex('export_packages_status_idx').on('export_packages').columns(['status', 'expires_at']).execute();

  await db.schema.alterTable('grants').addColumn('data_from', 'text').execute();
  await db.schema.alterTable('grants').addColumn('data_to', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('grants').dropColumn('data_to').execute();
  await db.schema.alterTable('grants').dropColumn('data_from').execute();
  await db.schema.dropTable('export_packages').execute();
}
