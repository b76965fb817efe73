import { type Kysely, sql } from 'kysely';

/**
 * Keyring tables for src/crypto. Wrapped keys are base64 text and timestamps ISO-8601 UTC text
 * so SQLite and PostgreSQL hold byte-identical values.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('crypto_data_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('algorithm', 'text', (col) => col.notNull())
    .addColumn('kek_id', 'text', (col) => col.notNull())
    .addColumn('wrapped_key', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  // At most one active key per purpose, enforced by the database so that two instances racing
  // to create or rotate a key cannot both win.
  await db.schema
    .createIndex('crypto_data_keys_one_active')
    .on('crypto_data_keys')
    .column('purpose')
    .unique()
    .where(sql<boolean>`status = 'active'`)
    .execute();

  await db.schema
    .createTable('crypto_signing_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('algorithm', 'text', (col) => col.notNull())
    .addColumn('kek_id', 'text', (col) => col.notNull())
    .addColumn('wrapped_private_key', 'text', (col) => col.notNull())
    .addColumn('public_key', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createIndex('crypto_signing_keys_one_active')
    .on('crypto_signing_keys')
    .column('purpose')
    .unique()
    .where(sql<boolean>`status = 'active'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('crypto_signing_keys').ifExists().execute();
  await db.schema.dropTable('crypto_data_keys').ifExists().execute();
}
