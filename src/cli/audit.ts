import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AppConfig } from '../app/config.js';
import { openKeyring } from '../app/keyring.js';
import { AuditLog, AuditService, AUDIT_SIGNING_PURPOSE, systemActor, type AuditRecord, type VerificationResult } from '../audit/index.js';
import { archiveExpired } from '../audit/archive.js';
import { verifyExportFile, writeExportFile } from '../audit/export-file.js';
import { openMigratedDatabase, type DatabaseHandle } from '../db/index.js';
import { systemClock } from '../lib/clock.js';

function auditFor(handle: DatabaseHandle, config: AppConfig) {
  const keyring = openKeyring(config, handle, systemClock);
  const log = new AuditLog(handle.db, keyring, systemClock);
  return { keyring, log, service: new AuditService(handle.db, log, keyring) };
}

/** Appends the audit entry of an action taken from the command line, attributed to the installation. */
export async function recordCliAction(handle: DatabaseHandle, config: AppConfig, command: string, record: Omit<AuditRecord, 'actor' | 'outcome'>): Promise<void> {
  const { log } = auditFor(handle, config);
  await log.append({ ...record, actor: systemActor(`yixiang ${command}`), outcome: 'success' });
}

function report(result: VerificationResult, source: string): void {
  if (result.ok) {
    console.log(`OK: ${source}: ${result.entriesChecked} entries and ${result.checkpointsChecked} signed checkpoints verified (tree size ${result.treeSize}).`);
    return;
  }
  console.error(`FAILED: ${source}: ${result.firstBadSeq !== null ? `first bad sequence number ${result.firstBadSeq}` : 'checkpoint problem'}`);
  for (const problem of result.problems) console.error(`  - ${problem.message}`);
  process.exitCode = 2;
}

export function registerAuditCommands(program: Command, config: () => AppConfig): void {
  const audit = program.command('audit').description('The tamper-evident audit log');

  audit
    .command('verify')
    .description('Recompute the Merkle tree from every entry and check every checkpoint; with --file, verify an export offline (no database)')
    .option('--file <file>', 'an export written by `yixiang audit export`')
    .option('--public-key <pem...>', 'trusted public key file(s) (PEM) for checkpoint signatures; required with --file')
    .action(async (options: { file?: string; publicKey?: string[] }) => {
      if (options.file) {
        if (!options.publicKey?.length) throw new Error('--public-key is required with --file: trust only keys obtained from the hospital, not the ones inside the file');
        const keys = options.publicKey.map((file) => readFileSync(file, 'utf8'));
        report(await verifyExportFile(options.file, keys), options.file);
        return;
      }
      const handle = await openMigratedDatabase(config());
      try {
        report(await auditFor(handle, config()).service.verify(), handle.dialect.location);
      } finally {
        await handle.close();
      }
    });

  audit
    .command('archive')
    .description('Move entries older than their retention (settings YIXIANG_AUDIT_RETENTION_*) into a verifiable archive file, then remove them from the database')
    .requiredOption('--dir <directory>', 'where to write the archive file')
    .action(async (options: { dir: string }) => {
      const settings = config();
      const handle = await openMigratedDatabase(settings);
      try {
        const { keyring, log, service } = auditFor(handle, settings);
        const policy = { systemDays: settings.auditRetentionSystemDays, sharingDays: settings.auditRetentionSharingDays };
        const result = await archiveExpired({ db: handle.db, log, audit: service, keyring, clock: systemClock }, { directory: options.dir, policy });
        if (!result) {
          console.log('Nothing to archive: no entry at the start of the log is past its retention period.');
          return;
        }
        await log.append({
          actor: systemActor('yixiang audit archive'),
          action: 'delete',
          objectType: 'audit_log',
          objectId: `${result.from}-${result.to}`,
          outcome: 'success',
          details: { event: 'archived', from: result.from, to: result.to, file: result.file, fileHash: result.fileHash },
        });
        console.log(`Archived entries ${result.from}–${result.to - 1} to ${result.file} (sha256 ${result.fileHash}).`);
      } finally {
        await handle.close();
      }
    });

  audit
    .command('export')
    .description('Write all entries, checkpoints and the public signing keys to a file for offline verification')
    .requiredOption('--file <file>', 'output file (NDJSON)')
    .option('--public-key-out <file>', 'also write the active audit signing public key (PEM) here')
    .action(async (options: { file: string; publicKeyOut?: string }) => {
      const handle = await openMigratedDatabase(config());
      try {
        const { keyring, log, service } = auditFor(handle, config());
        await log.checkpoint();
        const keys = (await keyring.getPublicSigningKeys()).filter((key) => key.purpose === AUDIT_SIGNING_PURPOSE);
        const fromSeq = await service.archivedBefore();
        const toSeq = await service.treeSize();
        const edge = (await service.resumeAt(fromSeq, [])).edge;
        const counts = await writeExportFile(options.file, service, { fromSeq, toSeq, edge }, {
          publicKeys: keys.map((k) => ({ id: k.id, algorithm: k.algorithm, publicKey: k.publicKey })),
          hashAlgorithm: log.hashAlgorithm,
          exportedAt: systemClock().toISOString(),
        });
        if (options.publicKeyOut) {
          writeFileSync(options.publicKeyOut, keys.map((k) => k.publicKey).join('\n'));
        }
        console.log(`Exported ${counts.entries} entries and ${counts.checkpoints} checkpoints to ${options.file}.`);
      } finally {
        await handle.close();
      }
    });
}
