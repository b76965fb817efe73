import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { writeExportFile } from './export-file.js';
import { AUDIT_SIGNING_PURPOSE, type AuditLog } from './log.js';
import { completeSubtrees } from './merkle/index.js';
import type { AuditService } from './service.js';
import { archivedBefore, entriesFrom, removeArchivedEntries, sqlNodeSource, treeSize } from './store.js';
import type { AuditEntryRow } from './tables.js';

export interface RetentionPolicy {
  /** System events: the Cybersecurity Law asks for at least six months. */
  systemDays: number;
  /** Sharing and processing records: PIPL Art. 56 asks for at least three years. */
  sharingDays: number;
}

export const MINIMUM_RETENTION: RetentionPolicy = { systemDays: 180, sharingDays: 1095 };

/** True when the entry has been kept at least as long as its class demands. */
export function retentionExpired(row: Pick<AuditEntryRow, 'recorded_at' | 'retention_class'>, policy: RetentionPolicy, now: Date): boolean {
  const days = row.retention_class === 'sharing' ? policy.sharingDays : policy.systemDays;
  return Date.parse(row.recorded_at) + days * 86_400_000 <= now.getTime();
}

export class ArchiveRefusedError extends Error {}

/**
 * The first sequence number from `from` that must still be kept. Archiving removes a prefix, so
 * one young entry stops it even if later ones have expired.
 */
export async function firstRetained(db: Kysely<Database>, from: number, policy: RetentionPolicy, now: Date, limit: number): Promise<number> {
  let next = from;
  for (;;) {
    const rows = await entriesFrom(db, next, 5000, limit);
    for (const row of rows) if (!retentionExpired(row, policy, now)) return Number(row.seq);
    if (rows.length < 5000) return rows.length ? Number(rows[rows.length - 1]!.seq) + 1 : next;
    next = Number(rows[rows.length - 1]!.seq) + 1;
  }
}

/**
 * Moves the expired prefix of the log into a verifiable file, then removes those entries. A signed
 * checkpoint at the archive mark and the stored subtree hashes keep the rest of the log, and every
 * older checkpoint, verifiable.
 */
export async function archiveExpired(deps: { db: Kysely<Database>; log: AuditLog; audit: AuditService; keyring: Keyring; clock: Clock }, options: { directory: string; policy: RetentionPolicy; upTo?: number }) {
  const { db, log, audit, keyring, clock } = deps;
  if (options.policy.systemDays < MINIMUM_RETENTION.systemDays || options.policy.sharingDays < MINIMUM_RETENTION.sharingDays) {
    throw new ArchiveRefusedError(`retention below the legal minimum (${MINIMUM_RETENTION.systemDays} days system, ${MINIMUM_RETENTION.sharingDays} days sharing)`);
  }
  await log.flush();
  const from = await archivedBefore(db);
  const size = await treeSize(db);
  const to = await firstRetained(db, from, options.policy, clock(), Math.min(options.upTo ?? size, size));
  if (to <= from) return null;

  await log.checkpointAt(to);
  const file = path.join(options.directory, `yixiang-audit-${String(from).padStart(10, '0')}-${String(to).padStart(10, '0')}.ndjson`);
  const edge = await sqlNodeSource(db).getNodes(completeSubtrees(0, from));
  const keys = (await keyring.getPublicSigningKeys()).filter((key) => key.purpose === AUDIT_SIGNING_PURPOSE);
  const counts = await writeExportFile(file, audit, { fromSeq: from, toSeq: to, edge }, {
    publicKeys: keys.map((k) => ({ id: k.id, algorithm: k.algorithm, publicKey: k.publicKey })),
    hashAlgorithm: log.hashAlgorithm,
    exportedAt: clock().toISOString(),
  });
  if (counts.entries !== to - from) throw new ArchiveRefusedError(`expected ${to - from} entries in [${from}, ${to}) but found ${counts.entries}; run \`yixiang audit verify\``);
  const fileHash = createHash('sha256').update(readFileSync(file)).digest('hex');
  await db.transaction().execute((trx) => removeArchivedEntries(trx, { from_seq: from, to_seq: to, archived_at: clock().toISOString(), file_name: path.basename(file), file_hash: fileHash }));
  return { from, to, file, fileHash, checkpoints: counts.checkpoints };
}
