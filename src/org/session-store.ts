import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { SessionRow } from './tables.js';

export async function insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findLiveSession(db: Kysely<Database>, tokenHash: string, nowIso: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, nowIso: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('token_hash', '=', tokenHash).execute();
}

export async function revokeSession(db: Kysely<Database>, tokenHash: string, nowIso: string, reason: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: nowIso, revoke_reason: reason }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** Ends every live session of a user at once: suspension and password resets must take effect now. */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, nowIso: string, reason: string, exceptTokenHash?: string): Promise<number> {
  let query = db.updateTable('sessions').set({ revoked_at: nowIso, revoke_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
