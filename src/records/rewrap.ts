import type { Kysely } from 'kysely';
import { decodeEnvelope, type Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { protectPayload, RECORDS_KEY_PURPOSE, revealPayload } from './protect.js';

export interface RewrapProgress {
  checked: number;
  rewrapped: number;
  total: number;
}

const PAGE = 500;

/**
 * Re-encrypts every record still under an older data key with the active one. Safe to stop and
 * run again (after a crash too): rows already on the active key are skipped, and each update
 * applies only if the row did not change meanwhile.
 */
export async function rewrapRecords(db: Kysely<Database>, keyring: Keyring, onProgress: (progress: RewrapProgress) => void = () => undefined): Promise<RewrapProgress> {
  const status = await keyring.keyStatus();
  const active = status.dataKeys.find((key) => key.purpose === RECORDS_KEY_PURPOSE && key.status === 'active');
  const countRow = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('count')).where('encrypted', '=', 1).executeTakeFirstOrThrow();
  const progress: RewrapProgress = { checked: 0, rewrapped: 0, total: Number(countRow.count) };
  if (!active) return progress;
  let after: { type: string; id: string } | null = null;
  for (;;) {
    let query = db.selectFrom('records').selectAll().where('encrypted', '=', 1);
    if (after) {
      const { type, id } = after;
      query = query.where((eb) => eb.or([eb('resource_type', '>', type), eb.and([eb('resource_type', '=', type), eb('id', '>', id)])]));
    }
    const rows = await query.orderBy('resource_type').orderBy('id').limit(PAGE).execute();
    for (const row of rows) {
      progress.checked++;
      if (decodeEnvelope(row.payload).keyId === active.id) continue;
      const resource = await revealPayload(keyring, row);
      const { payload } = await protectPayload(keyring, resource, row.level);
      const result = await db.updateTable('records').set({ payload }).where('resource_type', '=', row.resource_type).where('id', '=', row.id).where('payload', '=', row.payload).executeTakeFirst();
      progress.rewrapped += Number(result.numUpdatedRows);
    }
    onProgress({ ...progress });
    if (rows.length < PAGE) return progress;
    const last = rows[rows.length - 1]!;
    after = { type: last.resource_type, id: last.id };
  }
}
