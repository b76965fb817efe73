import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Makes appending to a large audit log cheap again, without giving up any of the searches the API
 * offers.
 *
 * 0003 indexed audit_entries on (column, seq) for seven columns. For patient, actor, object and
 * grant ids those keys are effectively random, so every appended entry dirtied a different leaf
 * page of each of those indexes, and each such page had to be written again at commit: at a
 * million entries plain inserts into the table ran at about a tenth of their speed without those
 * indexes. Their replacements lead with the entry's bucket — `seq >> 14`, runs of 16,384
 * consecutive entries — so new keys all land in the newest bucket's small subtree, as cheap to
 * maintain as an append, while a search still seeks straight to one id inside each bucket
 * (src/audit/query.ts walks the buckets newest first). The indexes are partial: entries without
 * the id (logins, system events; for grants most entries) are not indexed at all. actor_name gets
 * one too, because the actor filter matches the id or the name.
 *
 * Kept as they were: recorded_at (its keys grow with seq, so it only ever appends), action and
 * actor_department_id (a handful of values, so a few hot pages).
 *
 * On SQLite, audit_nodes becomes a WITHOUT ROWID table: the node hash then lives in the primary
 * key's own b-tree instead of a separate table reached through it, one b-tree less to update per
 * node and one lookup less per node of every proof.
 *
 * Migrations are frozen once released, so the bucket width is spelled out here; the search code
 * has its own copy of the number (SEARCH_BUCKET_SHIFT) that must stay equal to it.
 */
const BUCKET_SHIFT = 14;
const REPLACED = ['actor_id', 'patient_id', 'grant_id', 'object_id'];
const BUCKETED = ['patient_id', 'actor_id', 'actor_name', 'object_id', 'grant_id'];
const APPEND_ONLY = 'audit log is append-only';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  // Kysely runs SQLite migrations outside a transaction; this one must not stop half-way through
  // rebuilding a table, and on PostgreSQL the migrator's own transaction already covers it.
  if (isPostgres(db)) return upgrade(db, true);
  await db.transaction().execute((trx) => upgrade(trx, false));
}

async function upgrade(db: Kysely<any>, postgres: boolean): Promise<void> {
  for (const column of REPLACED) await sql`DROP INDEX IF EXISTS ${sql.id(`audit_entries_${column}_idx`)}`.execute(db);
  for (const column of BUCKETED) {
    await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`audit_entries_${column}_bucket_idx`)} ON audit_entries ((seq >> ${sql.raw(String(BUCKET_SHIFT))}), ${sql.id(column)}) WHERE ${sql.id(column)} IS NOT NULL`.execute(db);
  }
  if (!postgres) await rebuildNodesWithoutRowid(db);
}

/** Idempotent, so a crash between this commit and the migrator's own bookkeeping is harmless. */
async function rebuildNodesWithoutRowid(db: Kysely<any>): Promise<void> {
  const current = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_nodes'`.execute(db);
  if (/WITHOUT\s+ROWID/i.test(current.rows[0]?.sql ?? '')) return;
  await sql`CREATE TABLE audit_nodes_rebuilt (level integer NOT NULL, idx bigint NOT NULL, hash text NOT NULL, CONSTRAINT audit_nodes_pk PRIMARY KEY (level, idx)) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO audit_nodes_rebuilt (level, idx, hash) SELECT level, idx, hash FROM audit_nodes ORDER BY level, idx`.execute(db);
  // Dropping a table removes its triggers without firing them; the guards are recreated below
  // under their old names, which tools and tests refer to.
  await sql`DROP TABLE audit_nodes`.execute(db);
  await sql`ALTER TABLE audit_nodes_rebuilt RENAME TO audit_nodes`.execute(db);
  await sql.raw(`CREATE TRIGGER audit_nodes_no_update BEFORE UPDATE ON audit_nodes BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_nodes_no_delete BEFORE DELETE ON audit_nodes BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`).execute(db);
}

/** Restores 0003's indexes; audit_nodes stays WITHOUT ROWID, which 0003's schema reads the same. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of BUCKETED) await sql`DROP INDEX IF EXISTS ${sql.id(`audit_entries_${column}_bucket_idx`)}`.execute(db);
  for (const column of REPLACED) await db.schema.createIndex(`audit_entries_${column}_idx`).ifNotExists().on('audit_entries').columns([column, 'seq']).execute();
}
