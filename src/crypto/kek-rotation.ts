import type { Kysely } from 'kysely';
import { CryptoError } from './errors.js';
import { KeyWrapper, type WrapContext } from './key-wrap.js';
import type { CryptoProfile } from './profiles.js';
import { asCryptoDb } from './store.js';
import type { CryptoTables } from './tables.js';

export interface KekRotationResult {
  /** Fingerprints of the master key before and after, as stored in the key rows. */
  from: string;
  to: string;
  dataKeys: number;
  signingKeys: number;
  /** Rows already under the new master key: a rotation interrupted after its commit, run again. */
  alreadyRewrapped: number;
}

/**
 * Re-wraps every data and signing key from the old master key (KEK) to the new one in one
 * transaction, so the database is wholly under one or the other. Nothing encrypted with a data key
 * changes: only the small wrapped keys do, so this takes moments however many records there are.
 * Rows already under the new KEK are left as they are, which makes a repeated run finish an
 * interrupted one; a row under neither key stops the whole rotation with nothing changed.
 */
export async function rewrapUnderNewKek<DB extends CryptoTables>(dbOf: Kysely<DB>, profile: CryptoProfile, oldKek: Buffer, newKek: Buffer): Promise<KekRotationResult> {
  const from = new KeyWrapper(oldKek, profile);
  const to = new KeyWrapper(newKek, profile);
  if (to.wrapped(from.kekId)) throw new CryptoError('CRYPTO_CONFIG', 'the new master key is the same as the current one');
  const db = asCryptoDb(dbOf);
  const result: KekRotationResult = { from: from.kekId, to: to.kekId, dataKeys: 0, signingKeys: 0, alreadyRewrapped: 0 };
  const move = (kekId: string, wrapped: string, ctx: WrapContext): string | null => {
    if (to.wrapped(kekId)) {
      result.alreadyRewrapped += 1;
      return null;
    }
    return to.wrap(from.unwrap(wrapped, kekId, ctx), ctx);
  };
  await db.transaction().execute(async (trx) => {
    for (const row of await trx.selectFrom('crypto_data_keys').selectAll().orderBy('id').execute()) {
      const wrapped = move(row.kek_id, row.wrapped_key, { kind: 'data', id: row.id, purpose: row.purpose, algorithm: row.algorithm });
      if (wrapped === null) continue;
      const updated = await trx.updateTable('crypto_data_keys').set({ wrapped_key: wrapped, kek_id: to.kekId }).where('id', '=', row.id).where('kek_id', '=', row.kek_id).executeTakeFirst();
      moved(updated.numUpdatedRows, row.id);
      result.dataKeys += 1;
    }
    for (const row of await trx.selectFrom('crypto_signing_keys').selectAll().orderBy('id').execute()) {
      const wrapped = move(row.kek_id, row.wrapped_private_key, { kind: 'signing', id: row.id, purpose: row.purpose, algorithm: row.algorithm });
      if (wrapped === null) continue;
      const updated = await trx.updateTable('crypto_signing_keys').set({ wrapped_private_key: wrapped, kek_id: to.kekId }).where('id', '=', row.id).where('kek_id', '=', row.kek_id).executeTakeFirst();
      moved(updated.numUpdatedRows, row.id);
      result.signingKeys += 1;
    }
  });
  return result;
}

/** A row changed under the rotation (another instance still running) stops it: nothing is committed. */
function moved(updatedRows: bigint, id: string): void {
  if (updatedRows !== 1n) throw new CryptoError('CRYPTO_CONFIG', `key ${id} changed during the master-key rotation; stop every instance and run it again`);
}
