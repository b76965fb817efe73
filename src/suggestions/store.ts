import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation, type Database } from '../db/index.js';
import type { Label } from './categories.js';
import type { SuggestionAttachmentRow, SuggestionEventRow, SuggestionRow } from './tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface SuggestionFilter {
  /** Only the caller's own: named ones by user id, anonymous ones by the blind indexes of that id. */
  mine?: { userId: string; keys: readonly string[] };
  status?: string;
  category?: string;
  kind?: string;
  /** Submitted in [from, to). */
  from?: string;
  to?: string;
}

function filtered(db: Executor, filter: SuggestionFilter) {
  let query = db.selectFrom('suggestions');
  const mine = filter.mine;
  if (mine) query = query.where((eb) => eb.or([eb('submitter_id', '=', mine.userId), ...(mine.keys.length ? [eb('submitter_key', 'in', [...mine.keys])] : [])]));
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.from) query = query.where('submitted_at', '>=', filter.from);
  if (filter.to) query = query.where('submitted_at', '<', filter.to);
  return query;
}

/** Newest first, keyset-paged on (submitted_at, id) so pages hold still while suggestions arrive. */
export async function listSuggestions(db: Executor, filter: SuggestionFilter, page: { limit: number; after?: { submittedAt: string; id: string } }): Promise<{ rows: SuggestionRow[]; total: number }> {
  let query = filtered(db, filter).selectAll();
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('submitted_at', '<', after.submittedAt), eb.and([eb('submitted_at', '=', after.submittedAt), eb('id', '<', after.id)])]));
  const rows = await query.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  const count = await filtered(db, filter).select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.count) };
}

export function findSuggestion(db: Executor, id: string): Promise<SuggestionRow | undefined> {
  return db.selectFrom('suggestions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The suggestion and its file commit together: a failed submission leaves neither behind. */
export async function insertSuggestion(db: Kysely<Database>, row: SuggestionRow, attachment: SuggestionAttachmentRow | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('suggestions').values(row).execute();
    if (attachment) await trx.insertInto('suggestion_attachments').values(attachment).execute();
  });
}

export function eventsOf(db: Executor, suggestionId: string): Promise<SuggestionEventRow[]> {
  return db.selectFrom('suggestion_events').selectAll().where('suggestion_id', '=', suggestionId).orderBy('version').execute();
}

export function attachmentOf(db: Executor, suggestionId: string): Promise<SuggestionAttachmentRow | undefined> {
  return db.selectFrom('suggestion_attachments').selectAll().where('suggestion_id', '=', suggestionId).executeTakeFirst();
}

/**
 * Applies one change if the suggestion is still at the version it was read at, and records its
 * event under the new version. False when someone else changed it first.
 */
export async function recordEvent(db: Kysely<Database>, changes: Partial<Omit<SuggestionRow, 'id' | 'version'>>, event: SuggestionEventRow): Promise<boolean> {
  try {
    return await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('suggestions')
        .set({ ...changes, version: event.version })
        .where('id', '=', event.suggestion_id)
        .where('version', '=', event.version - 1)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await trx.insertInto('suggestion_events').values(event).execute();
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function displayNames(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export async function departmentNames(db: Executor, departmentIds: readonly string[]): Promise<Map<string, Label>> {
  const ids = [...new Set(departmentIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('departments').select(['id', 'name_zh', 'name_en']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, { zh: row.name_zh, en: row.name_en }]));
}

/** Active information administrators: whom a new or reopened suggestion concerns. */
export async function activeHandlers(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', '=', 'info_admin')
    .where('users.status', '=', 'active')
    .execute();
  return rows.map((row) => row.id);
}
