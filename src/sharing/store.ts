import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { ShareRequestReviewRow, ShareRequestRow } from './tables.js';

type Db = Kysely<Database> | Transaction<Database>;

export function findRequest(db: Db, id: string): Promise<ShareRequestRow | undefined> {
  return db.selectFrom('share_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRequest(db: Db, row: ShareRequestRow): Promise<void> {
  await db.insertInto('share_requests').values(row).execute();
}

/** Optimistic update: only from the version the caller read, so two reviewers cannot both decide one step. */
export async function updateRequest(db: Db, id: string, fromVersion: number, changes: Partial<Omit<ShareRequestRow, 'id' | 'version'>>): Promise<boolean> {
  const result = await db
    .updateTable('share_requests')
    .set({ ...changes, version: fromVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', fromVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertReview(db: Db, row: ShareRequestReviewRow): Promise<void> {
  await db.insertInto('share_request_reviews').values(row).execute();
}

export function reviewsOf(db: Db, requestId: string): Promise<ShareRequestReviewRow[]> {
  return db.selectFrom('share_request_reviews').selectAll().where('request_id', '=', requestId).orderBy('decided_at').orderBy('id').execute();
}

export async function linkGrants(db: Db, requestId: string, grantIds: string[]): Promise<void> {
  if (grantIds.length) await db.insertInto('share_request_grants').values(grantIds.map((grant_id) => ({ request_id: requestId, grant_id }))).execute();
}

export async function grantsOf(db: Db, requestId: string): Promise<string[]> {
  return (await db.selectFrom('share_request_grants').select('grant_id').where('request_id', '=', requestId).orderBy('grant_id').execute()).map((r) => r.grant_id);
}

export async function requestIdsOf(db: Db, requesterId: string): Promise<string[]> {
  return (await db.selectFrom('share_requests').select('id').where('requester_id', '=', requesterId).execute()).map((row) => row.id);
}

export interface RequestListFilter {
  requesterId?: string;
  states?: string[];
}

export function listRequests(db: Db, filter: RequestListFilter, limit: number): Promise<ShareRequestRow[]> {
  let query = db.selectFrom('share_requests').selectAll();
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.states?.length) query = query.where('state', 'in', filter.states);
  return query.orderBy('updated_at', 'desc').orderBy('id').limit(limit).execute();
}
