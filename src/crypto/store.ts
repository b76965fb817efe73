import type { Kysely } from 'kysely';
import type { CryptoDataKeysTable, CryptoSigningKeysTable, CryptoTables } from './tables.js';

/** Typed over the keyring's own tables so this module compiles without the app's full schema. */
export type CryptoDb = Kysely<CryptoTables>;

/**
 * Kysely's types are invariant in the schema, so the app's Kysely<Database> is not assignable to
 * Kysely<CryptoTables> even though it contains these tables. This narrowing is sound for any
 * schema that includes CryptoTables unchanged, which the type parameter requires.
 */
export function asCryptoDb<DB extends CryptoTables>(db: Kysely<DB>): CryptoDb {
  return db as unknown as CryptoDb;
}

export type DataKeyRow = CryptoDataKeysTable;
export type SigningKeyRow = CryptoSigningKeysTable;

export async function findDataKey(db: CryptoDb, id: string): Promise<DataKeyRow | undefined> {
  return db.selectFrom('crypto_data_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findActiveDataKey(db: CryptoDb, purpose: string): Promise<DataKeyRow | undefined> {
  return db
    .selectFrom('crypto_data_keys')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function listDataKeys(db: CryptoDb, purpose?: string): Promise<DataKeyRow[]> {
  let query = db.selectFrom('crypto_data_keys').selectAll();
  if (purpose !== undefined) query = query.where('purpose', '=', purpose);
  return query.orderBy('purpose').orderBy('created_at').orderBy('id').execute();
}

/**
 * Retires the purpose's current active key and inserts the new one in one transaction. The
 * partial unique index makes a concurrent rotation fail here instead of leaving two active keys.
 */
export async function insertDataKeyRetiringActive(db: CryptoDb, row: DataKeyRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('crypto_data_keys')
      .set({ status: 'retired', retired_at: row.created_at })
      .where('purpose', '=', row.purpose)
      .where('status', '=', 'active')
      .execute();
    await trx.insertInto('crypto_data_keys').values(row).execute();
  });
}

export async function findSigningKey(db: CryptoDb, id: string): Promise<SigningKeyRow | undefined> {
  return db.selectFrom('crypto_signing_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findActiveSigningKey(db: CryptoDb, purpose: string): Promise<SigningKeyRow | undefined> {
  return db
    .selectFrom('crypto_signing_keys')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function listSigningKeys(db: CryptoDb): Promise<SigningKeyRow[]> {
  return db.selectFrom('crypto_signing_keys').selectAll().orderBy('purpose').orderBy('created_at').orderBy('id').execute();
}

export async function insertSigningKeyRetiringActive(db: CryptoDb, row: SigningKeyRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('crypto_signing_keys')
      .set({ status: 'retired', retired_at: row.created_at })
      .where('purpose', '=', row.purpose)
      .where('status', '=', 'active')
      .execute();
    await trx.insertInto('crypto_signing_keys').values(row).execute();
  });
}
