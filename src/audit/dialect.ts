import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The few audit queries whose fastest form differs between the databases (node reads, the
 * verification fast path) ask this; everything else is written once through Kysely.
 */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
