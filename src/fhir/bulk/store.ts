import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import { isUniqueViolation } from '../../db/index.js';
import type { BulkExportFileRow, BulkExportRow } from './tables.js';

/** SQL of the bulk export jobs. Every state change is conditional on the state it leaves, so two processes (or a job and a DELETE) never both win. */

export type NewExport = Omit<BulkExportRow, 'active_slot' | 'status' | 'started_at' | 'completed_at' | 'expires_at' | 'progress' | 'error' | 'files_deleted_at'>;

/**
 * Inserts a queued export in a free slot of its institution, or answers false when all `max` are
 * taken. A slot taken by a concurrent kick-off between reading and inserting fails the unique index
 * and the next free one is tried.
 */
export async function insertInFreeSlot(db: Kysely<Database>, row: NewExport, max: number): Promise<boolean> {
  for (let attempt = 0; attempt < max; attempt += 1) {
    const taken = new Set((await db.selectFrom('bulk_exports').select('active_slot').where('institution_id', '=', row.institution_id).where('active_slot', 'is not', null).execute()).map((r) => Number(r.active_slot)));
    const slot = Array.from({ length: max }, (_, i) => i + 1).find((candidate) => !taken.has(candidate));
    if (slot === undefined) return false;
    try {
      await db
        .insertInto('bulk_exports')
        .values({ ...row, status: 'queued', active_slot: slot, started_at: null, completed_at: null, expires_at: null, progress: 0, error: null, files_deleted_at: null })
        .execute();
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return false;
}

export function findExport(db: Kysely<Database>, id: string): Promise<BulkExportRow | undefined> {
  return db.selectFrom('bulk_exports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function filesOf(db: Kysely<Database>, exportId: string): Promise<BulkExportFileRow[]> {
  return db.selectFrom('bulk_export_files').selectAll().where('export_id', '=', exportId).orderBy('kind', 'desc').orderBy('created_at').orderBy('resource_type').execute();
}

export function findFile(db: Kysely<Database>, exportId: string, fileId: string): Promise<BulkExportFileRow | undefined> {
  return db.selectFrom('bulk_export_files').selectAll().where('export_id', '=', exportId).where('id', '=', fileId).executeTakeFirst();
}

const changed = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows) === 1;

export async function markRunning(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  return changed(await db.updateTable('bulk_exports').set({ status: 'running', started_at: at, heartbeat_at: at }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst());
}

/** Touches a running export; false once it is no longer running (cancelled, or failed by a sweep). */
export async function touch(db: Kysely<Database>, id: string, at: string, progress: number): Promise<boolean> {
  return changed(await db.updateTable('bulk_exports').set({ heartbeat_at: at, progress }).where('id', '=', id).where('status', '=', 'running').executeTakeFirst());
}

/** Records the files and completes the export in one transaction, or does neither if it is no longer running. */
export async function completeExport(db: Kysely<Database>, id: string, files: readonly BulkExportFileRow[], at: string, expiresAt: string, progress: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = changed(await trx.updateTable('bulk_exports').set({ status: 'completed', active_slot: null, completed_at: at, heartbeat_at: at, expires_at: expiresAt, progress }).where('id', '=', id).where('status', '=', 'running').executeTakeFirst());
    if (done && files.length > 0) await trx.insertInto('bulk_export_files').values([...files]).execute();
    return done;
  });
}

/** Fails a queued or running export (or, when its completion could not be audited, a completed one); its files are gone or never were. */
export async function failExport(db: Kysely<Database>, id: string, error: string, at: string, expiresAt: string, from: readonly BulkExportRow['status'][] = ['queued', 'running']): Promise<boolean> {
  return changed(
    await db
      .updateTable('bulk_exports')
      .set({ status: 'failed', active_slot: null, error, completed_at: at, expires_at: expiresAt, files_deleted_at: at })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst(),
  );
}

/** Cancels an export in any state but cancelled; its files are deleted by the caller. */
export async function cancelExport(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  return changed(
    await db
      .updateTable('bulk_exports')
      .set((eb) => ({ status: 'cancelled', active_slot: null, completed_at: eb.fn.coalesce('completed_at', eb.val(at)), expires_at: at }))
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running', 'completed', 'failed'])
      .executeTakeFirst(),
  );
}

/** Queued or running exports not touched since `before`: their process is gone. */
export function staleExports(db: Kysely<Database>, before: string): Promise<BulkExportRow[]> {
  return db
    .selectFrom('bulk_exports')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'created_at'), '<=', before))
    .execute();
}

/** Exports whose files should go: cancelled, past their expiry, or of a grant no longer in force. */
export function exportsToRetire(db: Kysely<Database>, now: string): Promise<(Pick<BulkExportRow, 'id' | 'grant_id' | 'institution_id' | 'status' | 'expires_at'> & { grant_status: string; valid_to: string })[]> {
  return db
    .selectFrom('bulk_exports as e')
    .innerJoin('grants as g', 'g.id', 'e.grant_id')
    .select(['e.id', 'e.grant_id', 'e.institution_id', 'e.status', 'e.expires_at', 'g.status as grant_status', 'g.valid_to'])
    .where('e.files_deleted_at', 'is', null)
    .where('e.status', 'in', ['completed', 'failed', 'cancelled'])
    .where((eb) => eb.or([eb('e.status', '=', 'cancelled'), eb('e.expires_at', '<=', now), eb('g.status', '!=', 'active'), eb('g.valid_to', '<=', now)]))
    .execute();
}

export async function markFilesDeleted(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  return changed(await db.updateTable('bulk_exports').set({ files_deleted_at: at }).where('id', '=', id).where('files_deleted_at', 'is', null).executeTakeFirst());
}

/**
 * Catalog codes (a JSON array, or null for every resource) of the institution's consents for a
 * purpose withdrawn at or after `since`: the export made before them may hold data they now stop.
 */
export async function consentsWithdrawnSince(db: Kysely<Database>, recipientId: string, purpose: string, since: string): Promise<(string[] | null)[]> {
  const rows = await db
    .selectFrom('consents')
    .select('catalog_codes')
    .where('recipient_kind', '=', 'institution')
    .where('recipient_id', '=', recipientId)
    .where('purpose', '=', purpose)
    .where('status', '=', 'withdrawn')
    .where('withdrawn_at', '>=', since)
    .execute();
  return rows.map((row) => (row.catalog_codes === null ? null : (JSON.parse(row.catalog_codes) as string[])));
}
