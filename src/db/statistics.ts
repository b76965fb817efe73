import { sql, PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';
import type { Database } from './tables.js';

function dialectOf(db: Kysely<Database>): 'sqlite' | 'postgres' | 'other' {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  return 'other';
}

/**
 * Keeps the query planner's table statistics current, so scoped searches over large tables pick the
 * index that matches their scope (department, care team, patient) instead of scanning a catalog
 * resource. SQLite keeps no statistics unless asked (no `sqlite_stat1` means it guesses); PostgreSQL's
 * autovacuum gathers them, but only a while after a bulk load.
 *
 * - `startup`: cheap and safe to run on every start. SQLite: `PRAGMA optimize=0x10002` (analyses the
 *   tables whose size changed a lot since their last analysis, or that were never analysed, with
 *   SQLite's own temporary analysis limit). PostgreSQL: `ANALYZE records` only when it was never
 *   analysed (otherwise autovacuum's job).
 * - `after-import`: after a bulk load (NDJSON import, demo hospital). SQLite: `ANALYZE` under an
 *   analysis limit (sampled, well under a second at a million records); PostgreSQL: `ANALYZE`.
 */
export async function refreshPlannerStatistics(db: Kysely<Database>, when: 'startup' | 'after-import'): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect === 'sqlite') {
    if (when === 'startup') {
      await sql`PRAGMA optimize=0x10002`.execute(db);
      return;
    }
    // One connection serves the whole process: set the limit for this ANALYZE only.
    await sql`PRAGMA analysis_limit=1000`.execute(db);
    try {
      await sql`ANALYZE`.execute(db);
    } finally {
      await sql`PRAGMA analysis_limit=0`.execute(db);
    }
    return;
  }
  if (dialect === 'postgres') {
    if (when === 'after-import') {
      await sql`ANALYZE`.execute(db);
      return;
    }
    const row = await sql<{ analysed: boolean; rows: number }>`
      select (last_analyze is not null or last_autoanalyze is not null) as analysed, n_live_tup as rows
      from pg_stat_user_tables where relname = 'records' and schemaname = current_schema()`.execute(db);
    const stats = row.rows[0];
    if (stats && !stats.analysed && Number(stats.rows) > 0) await sql`ANALYZE records`.execute(db);
  }
}
