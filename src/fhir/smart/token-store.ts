import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../../db/index.js';
import type { ApiClientRow, InstitutionRow } from '../../org/tables.js';
import type { SmartAccessTokenRow, SmartAssertionJtiRow } from './tables.js';

/** An API client with what decides whether it may act: its keys, its status and its institution's. */
export interface PartnerClientRow {
  api_client_id: string;
  client_id: string;
  client_status: ApiClientRow['status'];
  jwks: string;
  institution_id: string;
  institution_code: string;
  institution_name: string;
  institution_status: InstitutionRow['status'];
  agreement_start: string | null;
  agreement_end: string | null;
}

function partnerClients(db: Kysely<Database>) {
  return db
    .selectFrom('api_clients as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .select([
      'c.id as api_client_id',
      'c.client_id',
      'c.status as client_status',
      'c.jwks',
      'i.id as institution_id',
      'i.code as institution_code',
      'i.name_zh as institution_name',
      'i.status as institution_status',
      'i.agreement_start',
      'i.agreement_end',
    ]);
}

export function findPartnerClient(db: Kysely<Database>, clientId: string): Promise<PartnerClientRow | undefined> {
  return partnerClients(db).where('c.client_id', '=', clientId).executeTakeFirst();
}

/** An unexpired token with its client and institution as they are now (not as they were at issue). */
export function findLiveToken(db: Kysely<Database>, tokenHash: string, nowIso: string): Promise<(PartnerClientRow & { scope: string }) | undefined> {
  return partnerClients(db)
    .innerJoin('smart_access_tokens as t', 't.api_client_id', 'c.id')
    .select('t.scope')
    .where('t.token_hash', '=', tokenHash)
    .where('t.expires_at', '>', nowIso)
    .executeTakeFirst();
}

/**
 * Spends an assertion's `jti` and stores the token it buys, in one transaction: the client's
 * expired `jti`s and tokens are cleared first (so the tables hold only what can still matter),
 * and a `jti` already present means a replay — nothing is written then.
 */
export async function issueOnce(db: Kysely<Database>, jti: SmartAssertionJtiRow, token: SmartAccessTokenRow): Promise<'issued' | 'replayed'> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('smart_assertion_jtis').where('api_client_id', '=', jti.api_client_id).where('expires_at', '<=', token.issued_at).execute();
      await trx.deleteFrom('smart_access_tokens').where('api_client_id', '=', token.api_client_id).where('expires_at', '<=', token.issued_at).execute();
      await trx.insertInto('smart_assertion_jtis').values(jti).execute();
      await trx.insertInto('smart_access_tokens').values(token).execute();
    });
    return 'issued';
  } catch (error) {
    if (isUniqueViolation(error)) return 'replayed';
    throw error;
  }
}

/**
 * Spends a revocation request's assertion `jti` and deletes the token, in one transaction, but only
 * a token of the authenticated client: another client's token is left alone, and the answer does
 * not tell the two cases apart to the caller (RFC 7009 §2.2). A `jti` already present is a replay.
 */
export async function revokeOnce(db: Kysely<Database>, jti: SmartAssertionJtiRow, tokenHash: string, nowIso: string): Promise<'revoked' | 'absent' | 'replayed'> {
  try {
    return await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('smart_assertion_jtis').where('api_client_id', '=', jti.api_client_id).where('expires_at', '<=', nowIso).execute();
      await trx.insertInto('smart_assertion_jtis').values(jti).execute();
      const deleted = await trx.deleteFrom('smart_access_tokens').where('token_hash', '=', tokenHash).where('api_client_id', '=', jti.api_client_id).executeTakeFirst();
      return deleted.numDeletedRows > 0n ? 'revoked' : 'absent';
    });
  } catch (error) {
    if (isUniqueViolation(error)) return 'replayed';
    throw error;
  }
}
