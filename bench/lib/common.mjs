// Shared pieces of the audit benchmarks: databases set up exactly as the application sets them
// up, a deterministic stream of realistic audit records, and small statistics helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importServer } from './build.mjs';

const { openMigratedDatabase } = await importServer('db/index.js');
const { createKeyring, loadMasterKey } = await importServer('crypto/index.js');
const { AuditLog, AUDIT_SIGNING_PURPOSE, DEFAULT_AUDIT_OPTIONS } = await importServer('audit/index.js');
const { systemClock } = await importServer('lib/clock.js');

export { AuditLog, AUDIT_SIGNING_PURPOSE, DEFAULT_AUDIT_OPTIONS, systemClock };

export { percentile, summarise, collectGarbage } from './stats.mjs';
export { parseFlags } from './flags.mjs';

export function numberList(value, fallback) {
  if (value === undefined || value === true) return fallback;
  return String(value)
    .split(',')
    .map((v) => Number(v.replace(/_/g, '')))
    .filter((v) => Number.isFinite(v) && v > 0);
}

/**
 * A migrated database in a fresh temp directory. SQLite goes through the application's own
 * dialect (WAL, synchronous=FULL), PostgreSQL gets a new database on the benchmark server; the
 * master key file lives in the directory, as it would in a real data directory.
 */
export async function openBenchDatabase(kind, { pgServer, parentDir = tmpdir(), dataDir } = {}) {
  const dir = dataDir ?? mkdtempSync(path.join(parentDir, `yixiang-bench-${kind}-`));
  let pgDatabase = null;
  if (kind === 'postgres') {
    if (!pgServer) throw new Error('PostgreSQL benchmark needs a server');
    pgDatabase = await pgServer.createDatabase();
  }
  const handle = await openMigratedDatabase({ databaseUrl: pgDatabase?.url ?? null, dataDir: dir });
  return {
    kind,
    dataDir: dir,
    db: handle.db,
    async drop() {
      await handle.close();
      if (pgDatabase) await pgDatabase.drop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The application's keyring over the benchmark database, with its audit signing key created up front. */
export async function benchKeyring(db, dataDir, profile = 'standard') {
  const keyring = createKeyring({ db, profile, masterKey: loadMasterKey({ env: {}, dataDir }), clock: systemClock });
  // Creating the signing key is a one-off per installation; keep it out of every timed section.
  await keyring.signStatement(AUDIT_SIGNING_PURPOSE, () => 'benchmark warm-up');
  return keyring;
}

/**
 * An AuditLog that notes the size and duration of every group-commit batch. `commit` is private
 * only to the TypeScript compiler; overriding it here observes the batches without changing them.
 */
export class CountingAuditLog extends AuditLog {
  batches = [];
  counting = false;

  async commit(records) {
    if (!this.counting) return super.commit(records);
    const started = process.hrtime.bigint();
    const result = await super.commit(records);
    this.batches.push({ size: records.length, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    return result;
  }
}

// A small deterministic generator: every run and every database sees the same records.
function prng(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const DEPARTMENTS = ['dept-cardiology', 'dept-oncology', 'dept-emergency', 'dept-radiology', 'dept-pediatrics', 'dept-neurology'];
const ROLES = [['doctor'], ['nurse'], ['doctor', 'department_head'], ['pharmacist'], ['records_officer']];
const ACTIONS = ['read', 'read', 'read', 'search', 'update', 'export', 'grant', 'decision'];
const OBJECTS = ['record', 'patient', 'share_request', 'grant', 'fhir_resource'];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'yixiang-his-bridge/2.3 (+hospital interface engine)',
];

/**
 * Records shaped like the platform's real traffic: a clinician reading or sharing patient data,
 * with identifiers, a purpose, a source address, a user agent and a few details — about 500
 * bytes per row, which is what the inserts and the hashing actually have to move. Generated on
 * demand so a million-entry log never needs a million records in memory at once.
 */
export function recordStream(seed = 20261125) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const id = (prefix, range) => `${prefix}-${String(Math.floor(random() * range)).padStart(7, '0')}`;
  return () => {
    const action = pick(ACTIONS);
    const objectType = pick(OBJECTS);
    const hasGrant = random() < 0.2;
    return {
      actor: { type: 'user', id: id('usr', 5000), name: `clinician${Math.floor(random() * 5000)}`, roles: pick(ROLES), departmentId: pick(DEPARTMENTS) },
      action,
      objectType,
      objectId: id('obj', 10_000_000),
      patientId: id('pat', 2_000_000),
      purposeOfUse: hasGrant ? 'continuity_of_care' : 'treatment',
      grantId: hasGrant ? id('grt', 100_000) : null,
      accessBasis: hasGrant ? 'grant' : 'department',
      outcome: random() < 0.97 ? 'success' : 'denied',
      reason: null,
      sourceIp: `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
      userAgent: pick(USER_AGENTS),
      requestId: `req-${Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')}${Math.floor(random() * 65536).toString(16).padStart(4, '0')}`,
      details: { route: `/api/v1/${objectType}s/:id`, method: action === 'read' ? 'GET' : 'POST', status: 200, fields: Math.floor(random() * 12) },
    };
  };
}

export function makeRecords(count, seed) {
  const next = recordStream(seed);
  return Array.from({ length: count }, next);
}

export const now = () => process.hrtime.bigint();
export const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;


export function fmt(n, digits = 0) {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Writes a benchmark's JSON result where run.mjs asked for it, or to stdout when run directly. */
export async function emitResult(flags, result) {
  if (typeof flags.out === 'string') {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(flags.out, JSON.stringify(result, null, 2));
  } else if (flags.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
