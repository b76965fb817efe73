import type { AppConfig } from '../app/config.js';
import { openKeyring } from '../app/keyring.js';
import type { DatabaseHandle } from '../db/index.js';
import { systemClock } from '../lib/clock.js';

/** Prints key ids, algorithms and ages. Only metadata columns are read; no key material can appear. */
export async function printKeyStatus(handle: DatabaseHandle, config: AppConfig): Promise<void> {
  const keyring = openKeyring(config, handle, systemClock);
  const report = await keyring.keyStatus();
  const kekSource = report.kek.source === 'env' ? `environment ${report.kek.variable}` : `file ${report.kek.path}`;
  const lines = [
    `Crypto profile: ${report.profile} (hash ${report.algorithms.hash}, MAC ${report.algorithms.mac}, encryption ${report.algorithms.aead}, signatures ${report.algorithms.signature})`,
    `KEK: ${report.kek.id} from ${kekSource}`,
    '',
    'Data keys:',
    ...(report.dataKeys.length ? report.dataKeys.map((k) => `  ${k.id}  ${k.purpose.padEnd(12)} ${k.algorithm.padEnd(18)} ${k.status.padEnd(8)} ${k.ageDays} days old`) : ['  (none yet: created on first use)']),
    'Signing keys:',
    ...(report.signingKeys.length ? report.signingKeys.map((k) => `  ${k.id}  ${k.purpose.padEnd(12)} ${k.algorithm.padEnd(18)} ${k.status.padEnd(8)} ${k.ageDays} days old`) : ['  (none yet: created on first use)']),
  ];
  console.log(lines.join('\n'));
}
