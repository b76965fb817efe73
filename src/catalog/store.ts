import type { Kysely } from 'kysely';
import { containsText, type Database } from '../db/index.js';
import type { CatalogResourceRow, CatalogResourceVersionRow } from './tables.js';

type Db = Kysely<Database>;

export interface ResourceFilter {
  category?: string;
  gbCategory?: string;
  shareType?: string;
  level?: number;
  owner?: string;
  status?: string;
  q?: string;
}

export function listResources(db: Db, filter: ResourceFilter): Promise<CatalogResourceRow[]> {
  let query = db.selectFrom('catalog_resources').selectAll();
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.gbCategory) query = query.where('gb_category', '=', filter.gbCategory);
  if (filter.shareType) query = query.where('share_type', '=', filter.shareType);
  if (filter.level) query = query.where('default_level', '=', filter.level);
  if (filter.owner) query = query.where('owner_department_code', '=', filter.owner);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([containsText('code', q), containsText('name_en', q), containsText('name_zh', q)]));
  }
  return query.orderBy('code').execute();
}

export function findResource(db: Db, code: string): Promise<CatalogResourceRow | undefined> {
  return db.selectFrom('catalog_resources').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertResource(db: Db, row: CatalogResourceRow, version: CatalogResourceVersionRow): Promise<void> {
  await db.insertInto('catalog_resources').values(row).execute();
  await db.insertInto('catalog_resource_versions').values(version).execute();
}

/** Moves to the next version only if nobody else did first (the WHERE on the old version). */
export async function replaceResource(db: Db, row: CatalogResourceRow, expectedVersion: number, version: CatalogResourceVersionRow): Promise<boolean> {
  const result = await db.updateTable('catalog_resources').set(row).where('code', '=', row.code).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await db.insertInto('catalog_resource_versions').values(version).execute();
  return true;
}

export function listVersions(db: Db, code: string): Promise<CatalogResourceVersionRow[]> {
  return db.selectFrom('catalog_resource_versions').selectAll().where('code', '=', code).orderBy('version', 'desc').execute();
}

export async function existingCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('catalog_resources').select('code').execute()).map((row) => row.code));
}
