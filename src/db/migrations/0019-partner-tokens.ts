import type { Kysely } from 'kysely';

/**
 * SMART Backend Services for partner institutions: the short-lived access tokens issued to their
 * API clients (hashed), and the `jti`s of the authentication JWTs already used, kept until they
 * expire so a replayed assertion is refused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smart_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('api_client_id', 'text', (c) => c.notNull().references('api_clients.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('smart_access_tokens_client_expiry').on('smart_access_tokens').columns(['api_client_id', 'expires_at']).execute();

  await db.schema
    .createTable('smart_assertion_jtis')
    .addColumn('api_client_id', 'text', (c) => c.notNull().references('api_clients.id'))
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('smart_assertion_jtis_pk', ['api_client_id', 'jti'])
    .execute();
  await db.schema.createIndex('smart_assertion_jtis_client_expiry').on('smart_assertion_jtis').columns(['api_client_id', 'expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('smart_assertion_jtis').execute();
  await db.schema.dropTable('smart_access_tokens').execute();
}
