import type { Kysely } from 'kysely';

/**
 * Two-step sign-in (两步验证, ADR 0023).
 *
 * - `mfa_factors`: at most one TOTP factor per user, `pending` from the start of an enrolment until
 *   its first code is confirmed (or `pending_expires_at` passes), then `confirmed`. The secret is a
 *   keyring envelope (purpose `mfa`, bound to the user id), never the secret itself.
 *   `last_used_step` is the newest time step a code was accepted for, so a code works once.
 * - `mfa_recovery_codes`: single-use recovery codes as keyed MACs (keyring purpose `mfa-recovery`,
 *   `key_id` names the MAC key), never the codes themselves.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mfa_factors')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('pending_expires_at', 'text')
    .addColumn('last_used_step', 'integer')
    .execute();

  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_mac', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['user_id', 'code_mac'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mfa_recovery_codes').execute();
  await db.schema.dropTable('mfa_factors').execute();
}
