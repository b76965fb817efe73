// A child process that appends audit entries under load and prints "seq requestId" for every
// append that resolved (i.e. that a real server would have answered). Used by the crash and
// multi-process tests; it runs the compiled server code, exactly as production does.
import { openMigratedDatabase } from '../../dist/server/db/index.js';
import { AuditLog } from '../../dist/server/audit/index.js';
import { openKeyring } from '../../dist/server/app/keyring.js';
import { DEFAULT_CONFIG } from '../../dist/server/app/config.js';

const config = { ...DEFAULT_CONFIG, dataDir: process.env.YIXIANG_DATA_DIR, databaseUrl: process.env.DATABASE_URL || null };
const total = Number(process.env.APPEND_TOTAL ?? 1e9);
const concurrency = Number(process.env.APPEND_CONCURRENCY ?? 32);
const tag = process.env.APPEND_TAG ?? 'w';

const handle = await openMigratedDatabase(config);
const clock = () => new Date();
const log = new AuditLog(handle.db, openKeyring(config, handle, clock), clock, { checkpointEvery: 500, checkpointIntervalMs: 3_600_000, maxBatch: 2000 });

let issued = 0;
async function loop() {
  while (issued < total) {
    const n = issued++;
    const requestId = `${tag}-${n}`;
    const entry = await log.append({
      actor: { type: 'system', id: null, name: tag, roles: [], departmentId: null },
      action: 'read',
      objectType: 'load',
      objectId: String(n),
      outcome: 'success',
      requestId,
      details: { n },
    });
    process.stdout.write(`${entry.seq} ${requestId}\n`);
  }
}
await Promise.all(Array.from({ length: concurrency }, loop));
await log.checkpoint();
await handle.close();
