import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { MfaFactorRow, MfaRecoveryCodeRow } from './tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findFactor(db: Executor, userId: string): Promise<MfaFactorRow | undefined> {
  return db.selectFrom('mfa_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function hasConfirmedFactor(db: Executor, userId: string): Promise<boolean> {
  const row = await db.selectFrom('mfa_factors').select('user_id').where('user_id', '=', userId).where('status', '=', 'confirmed').executeTakeFirst();
  return row !== undefined;
}

/** The confirmed factors of these users with their unused recovery codes counted, for user views. */
export async function confirmedFactorsOf(db: Executor, userIds: readonly string[]): Promise<Map<string, { confirmedAt: string; recoveryCodesLeft: number }>> {
  const byUser = new Map<string, { confirmedAt: string; recoveryCodesLeft: number }>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('mfa_factors as f')
    .select((eb) => [
      'f.user_id',
      'f.confirmed_at',
      eb.selectFrom('mfa_recovery_codes as r').select((inner) => inner.fn.countAll<string | number>().as('n')).whereRef('r.user_id', '=', 'f.user_id').where('r.used_at', 'is', null).as('left'),
    ])
    .where('f.user_id', 'in', userIds)
    .where('f.status', '=', 'confirmed')
    .execute();
  for (const row of rows) byUser.set(row.user_id, { confirmedAt: row.confirmed_at ?? '', recoveryCodesLeft: Number(row.left ?? 0) });
  return byUser;
}

/**
 * Starts or restarts a pending enrolment. A confirmed factor is never overwritten: the conflict
 * update applies only to a pending row, and the caller learns whether anything was written.
 */
export async function upsertPendingFactor(db: Executor, row: MfaFactorRow): Promise<boolean> {
  const result = await db
    .insertInto('mfa_factors')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret: row.secret, method: row.method, created_at: row.created_at, pending_expires_at: row.pending_expires_at, confirmed_at: null, last_used_step: null })
        .where('mfa_factors.status', '=', 'pending'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Confirms a pending enrolment still in time; the confirming code's step counts as used. */
export async function confirmFactor(db: Executor, userId: string, step: number, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('mfa_factors')
    .set({ status: 'confirmed', confirmed_at: nowIso, pending_expires_at: null, last_used_step: step })
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .where('pending_expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records that a code of `step` was accepted, only if no code of that step or a later one was:
 * of two requests racing with the same code, one wins.
 */
export async function useStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('mfa_factors')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('status', '=', 'confirmed')
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes a user's factor (pending or confirmed) and recovery codes. */
export async function deleteFactor(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('mfa_factors').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Executor, userId: string, rows: readonly MfaRecoveryCodeRow[]): Promise<void> {
  await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length > 0) await db.insertInto('mfa_recovery_codes').values([...rows]).execute();
}

export function unusedRecoveryCodes(db: Executor, userId: string): Promise<MfaRecoveryCodeRow[]> {
  return db.selectFrom('mfa_recovery_codes').selectAll().where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Spends a recovery code; false when it was spent meanwhile (two sign-ins racing with one code). */
export async function spendRecoveryCode(db: Executor, userId: string, codeMac: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: nowIso })
    .where('user_id', '=', userId)
    .where('code_mac', '=', codeMac)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
