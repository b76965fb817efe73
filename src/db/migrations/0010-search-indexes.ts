import { sql, PostgresAdapter, type Kysely } from 'kysely';
import { refreshPlannerStatistics } from '../statistics.js';

/**
 * Indexes for scoped searches (issue 5). A search orders by `coalesce(effective_at, '')` descending,
 * then type and id (the keyset cursor), within one catalog resource, narrowed by the clause that opens
 * it: the producing department (rule 1), the patients of the caller's care teams (rule 2), or one
 * patient. Each index below starts with what a clause fixes and continues in exactly that order, so a
 * page is read in index order and stops after `limit` rows instead of sorting every visible row; the
 * trailing columns (level, department, patient) let the scope be checked, and a bounded count be taken,
 * from the index alone. The ordering expression is indexed as written in the query, so null effective
 * dates sort last on both databases, as the cursor expects.
 *
 * `records_catalog_idx` (catalog, department, effective_at) is superseded by the department index.
 * PostgreSQL also gets extended statistics on (catalog, department): the two are strongly correlated
 * (a department produces a few resources), and without them the planner underestimates a department's
 * share of a resource tenfold and sorts instead of walking the index.
 */
const ORDER = sql`(coalesce(effective_at, '')) desc, resource_type, id`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index records_search_catalog_idx on records (catalog_code, ${ORDER}, level, department_code, patient_id)`.execute(db);
  await sql`create index records_search_department_idx on records (catalog_code, department_code, ${ORDER}, level)`.execute(db);
  await sql`create index records_search_patient_idx on records (catalog_code, patient_id, ${ORDER}, level)`.execute(db);
  await db.schema.dropIndex('records_catalog_idx').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create statistics records_catalog_department_stats (dependencies, mcv) on catalog_code, department_code from records`.execute(db);
  }
  // New indexes and statistics objects are empty until analysed; on a large table, plan with them from the start.
  await refreshPlannerStatistics(db, 'after-import');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop statistics if exists records_catalog_department_stats`.execute(db);
  await db.schema.createIndex('records_catalog_idx').on('records').columns(['catalog_code', 'department_code', 'effective_at']).execute();
  for (const name of ['records_search_patient_idx', 'records_search_department_idx', 'records_search_catalog_idx']) await db.schema.dropIndex(name).execute();
}
