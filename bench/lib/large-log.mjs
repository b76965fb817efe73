// The million-entry log that the verification and proof benchmarks measure. It is built through
// AuditLog.append itself (many callers in flight, default options), not by writing rows behind
// the log's back, so it holds exactly what production would: entries, every complete Merkle
// node, and checkpoints signed along the way. A SQLite log is kept in the given directory so
// the proof benchmark can reuse the one the verification benchmark built in the same run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { importServer } from './build.mjs';
import { openBenchDatabase, benchKeyring, recordStream, now, msSince, systemClock, AuditLog, DEFAULT_AUDIT_OPTIONS } from './common.mjs';

const { AuditService } = await importServer('audit/service.js');
const { treeSize } = await importServer('audit/store.js');

const MARKER = 'large-log.json';

export async function openLargeLog({ kind = 'sqlite', size, dir, profile = 'standard', pgServer, workers = 2000, log = () => {} }) {
  const reusable = kind === 'sqlite' && dir !== undefined;
  if (reusable) mkdirSync(dir, { recursive: true });
  const markerPath = reusable ? path.join(dir, MARKER) : null;
  const marker = markerPath && existsSync(markerPath) ? JSON.parse(readFileSync(markerPath, 'utf8')) : null;
  const reuse = marker && marker.size === size && marker.profile === profile;

  const database = await openBenchDatabase(kind, reusable ? { dataDir: dir } : { pgServer });
  const keyring = await benchKeyring(database.db, database.dataDir, profile);
  const auditLog = new AuditLog(database.db, keyring, systemClock, DEFAULT_AUDIT_OPTIONS);
  const service = new AuditService(database.db, auditLog, keyring);

  let build = marker?.build ?? null;
  if (!reuse) {
    if ((await treeSize(database.db)) !== 0) throw new Error(`${dir} already holds a different audit log; use an empty directory`);
    log(`[${kind}] building a ${size.toLocaleString('en-US')}-entry audit log through AuditLog.append (${workers} callers in flight)…`);
    const nextRecord = recordStream(size);
    let issued = 0;
    let lastReport = Date.now();
    const started = now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (issued < size) {
          issued++;
          await auditLog.append(nextRecord());
          if (Date.now() - lastReport > 15_000) {
            lastReport = Date.now();
            log(`[${kind}]   ${issued.toLocaleString('en-US')} entries…`);
          }
        }
      }),
    );
    const ms = msSince(started);
    await auditLog.checkpoint();
    build = { ms, perSecond: (size / ms) * 1000 };
    // Fold the WAL back into the database file so later reads see the steady state a running
    // server keeps with automatic checkpoints, not one enormous WAL.
    if (kind === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    if (markerPath) writeFileSync(markerPath, JSON.stringify({ size, profile, build }, null, 2));
  }
  const actual = await treeSize(database.db);
  if (actual !== size) throw new Error(`large log holds ${actual} entries, expected ${size}`);
  return { database, keyring, auditLog, service, size, build, reused: Boolean(reuse) };
}
