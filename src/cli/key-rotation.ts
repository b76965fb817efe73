import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppConfig } from '../app/config.js';
import { openKeyring } from '../app/keyring.js';
import { getProfile, loadMasterKey, MASTER_KEY_FILE, PENDING_MASTER_KEY_FILE, pendingMasterKey, promotePendingMasterKey, readKeyFile, rewrapUnderNewKek, type KekRotationResult } from '../crypto/index.js';
import { openMigratedDatabase, type DatabaseHandle } from '../db/index.js';
import { systemClock } from '../lib/clock.js';
import { RECORDS_KEY_PURPOSE, rewrapRecords } from '../records/index.js';
import { recordCliAction } from './audit.js';

export function registerKeyRotation(keys: Command, config: () => AppConfig): void {
  keys
    .command('rotate')
    .description('Start a new data key for new writes; everything encrypted before stays readable')
    .option('--purpose <purpose>', 'which data key', RECORDS_KEY_PURPOSE)
    .action(async (options: { purpose: string }) => {
      const settings = config();
      const handle = await openMigratedDatabase(settings);
      try {
        const rotated = await openKeyring(settings, handle, systemClock).rotateDataKey(options.purpose);
        await recordCliAction(handle, settings, 'keys rotate', { action: 'key_operation', objectType: 'data_key', objectId: rotated.id, details: { event: 'rotate', purpose: rotated.purpose, algorithm: rotated.algorithm } });
        console.log(`New ${rotated.purpose} data key ${rotated.id} (${rotated.algorithm}) is active. Run \`yixiang keys rewrap\` to re-encrypt existing records.`);
      } finally {
        await handle.close();
      }
    });

  keys
    .command('rewrap')
    .description('Re-encrypt records still under older data keys with the active key; resumable')
    .action(async () => {
      const settings = config();
      const handle = await openMigratedDatabase(settings);
      try {
        const interactive = process.stderr.isTTY;
        const result = await rewrapRecords(handle.db, openKeyring(settings, handle, systemClock), (p) => {
          if (interactive) process.stderr.write(`\rchecked ${p.checked}/${p.total}, re-encrypted ${p.rewrapped}`);
        });
        if (interactive) process.stderr.write('\n');
        await recordCliAction(handle, settings, 'keys rewrap', { action: 'key_operation', objectType: 'data_key', objectId: null, details: { event: 'rewrap', ...result } });
        console.log(`Checked ${result.checked} encrypted records; re-encrypted ${result.rewrapped} under the active key.`);
      } finally {
        await handle.close();
      }
    });

  keys
    .command('rotate-master')
    .description('Re-wrap every data and signing key under a new master key (KEK); stop every server instance first. With master.key the new key is generated; with YIXIANG_MASTER_KEY give it with --new-key-file')
    .option('--new-key-file <path>', 'the new master key (32 bytes as hex or base64, file mode 0600), when the current one comes from YIXIANG_MASTER_KEY')
    .action(async (options: { newKeyFile?: string }) => {
      const settings = config();
      const handle = await openMigratedDatabase(settings);
      try {
        // Loading would create a key file where there is none: with the wrong settings, refuse instead.
        if (!settings.masterKey && !existsSync(path.join(settings.dataDir, MASTER_KEY_FILE))) throw new Error(`No master key to rotate: YIXIANG_MASTER_KEY is unset and ${path.join(settings.dataDir, MASTER_KEY_FILE)} does not exist`);
        const current = loadMasterKey({ env: { YIXIANG_MASTER_KEY: settings.masterKey ?? undefined }, dataDir: settings.dataDir });
        const profile = getProfile(settings.cryptoProfile);
        if (current.source.kind === 'env') {
          if (!options.newKeyFile) throw new Error('The master key comes from YIXIANG_MASTER_KEY: give the new one with --new-key-file <path>');
          const next = readKeyFile(options.newKeyFile);
          const result = await rewrapUnderNewKek(handle.db, profile, current.key, next);
          // The audit entry is signed with a key that is now under the new master key.
          await recordRotation(handle, { ...settings, masterKey: next.toString('base64') }, result);
          console.log(`${summary(result)} Set YIXIANG_MASTER_KEY to the new key before the next start; keep the old one offline for restoring older backups.`);
          return;
        }
        if (options.newKeyFile) throw new Error('--new-key-file is for a master key from YIXIANG_MASTER_KEY; with master.key the new key is generated in the data directory');
        const result = await rewrapUnderNewKek(handle.db, profile, current.key, pendingMasterKey(settings.dataDir));
        let retired: string;
        try {
          retired = promotePendingMasterKey(settings.dataDir, result.from);
        } catch (error) {
          throw new Error(`The keys are now under ${PENDING_MASTER_KEY_FILE} (${result.to}), but it could not replace ${MASTER_KEY_FILE}: ${(error as Error).message}. Keep both files and run the command again.`);
        }
        await recordRotation(handle, settings, result);
        console.log(`${summary(result)} The previous key is kept as ${retired} for restoring older backups: move it offline.`);
      } finally {
        await handle.close();
      }
    });
}

function summary(result: KekRotationResult): string {
  const resumed = result.alreadyRewrapped > 0 ? ` (${result.alreadyRewrapped} already were, from an interrupted run)` : '';
  return `Master key ${result.from} → ${result.to}: re-wrapped ${result.dataKeys} data keys and ${result.signingKeys} signing keys${resumed}.`;
}

function recordRotation(handle: DatabaseHandle, settings: AppConfig, result: KekRotationResult): Promise<void> {
  return recordCliAction(handle, settings, 'keys rotate-master', { action: 'key_operation', objectType: 'master_key', objectId: result.to, details: { event: 'rotate-master', ...result } });
}
