import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { RecordRow } from '../records/index.js';
import type { DepartmentScope } from './department-rule.js';

export interface RecordQuery {
  catalogCode: string;
  patientId?: string;
  from?: string;
  to?: string;
}

/**
 * The decision compiled into SQL: rows outside the scope are never loaded, so counts and pages are
 * right and nothing is filtered after the fact.
 */
function scoped(db: Kysely<Database>, scope: NonNullable<DepartmentScope>, query: RecordQuery) {
  let select = db.selectFrom('records').where('catalog_code', '=', query.catalogCode).where('level', '<', 5);
  if (scope.kind === 'department') select = select.where('department_code', '=', scope.departmentCode);
  if (query.patientId) select = select.where('patient_id', '=', query.patientId);
  if (query.from) select = select.where('effective_at', '>=', query.from);
  if (query.to) select = select.where('effective_at', '<', query.to);
  return select;
}

export async function searchScoped(db: Kysely<Database>, scope: NonNullable<DepartmentScope>, query: RecordQuery, page: { limit: number; afterId?: string }): Promise<{ rows: RecordRow[]; total: number }> {
  let select = scoped(db, scope, query).selectAll();
  if (page.afterId) select = select.where('id', '>', page.afterId);
  const rows = await select.orderBy('id').limit(page.limit).execute();
  const count = await scoped(db, scope, query).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.count) };
}

export function readScoped(db: Kysely<Database>, scope: NonNullable<DepartmentScope>, catalogCode: string, resourceType: string, id: string): Promise<RecordRow | undefined> {
  return scoped(db, scope, { catalogCode }).selectAll().where('resource_type', '=', resourceType).where('id', '=', id).executeTakeFirst();
}

/** Which catalog resource a stored record belongs to, without reading it (to decide before loading). */
export async function catalogOf(db: Kysely<Database>, resourceType: string, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('records').select('catalog_code').where('resource_type', '=', resourceType).where('id', '=', id).executeTakeFirst();
  return row?.catalog_code;
}
