import { hmacWith, type Keyring } from '../crypto/index.js';
import type { Presenter } from './present.js';

const PSEUDONYM_PURPOSE = 'pseudonym';

/**
 * Pseudonyms for masked identifiers: HMAC (SHA-256 or SM3 by profile) under a key derived once from
 * the keyring, scoped per grant so two recipients' extracts cannot be joined on the pseudonym.
 * Derived rather than stored: the derivation key lives wrapped in the keyring like every data key.
 */
export async function createPresenter(keyring: Keyring): Promise<Presenter> {
  const seed = await keyring.hmac(PSEUDONYM_PURPOSE, 'yixiang pseudonym key v1');
  return {
    pseudonymiser(scope: string) {
      return (value: string) => `p-${hmacWith(seed.algorithm, seed.mac, `${scope}\u0000${value}`).toString('hex').slice(0, 24)}`;
    },
  };
}
