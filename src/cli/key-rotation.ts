import type { Command } from 'commander';
import type { AppConfig } from '../app/config.js';
import { openKeyring } from '../app/keyring.js';
import { openMigratedDatabase } from '../db/index.js';
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
}
