import { hmacWith, type Keyring, type MacAlgorithm } from '../crypto/index.js';
import type { Presenter } from './present.js';

const PSEUDONYM_PURPOSE = 'pseudonym';

/** The derived key every pseudonym is computed under; it never leaves the process. */
export interface PseudonymSeed {
  algorithm: MacAlgorithm;
  mac: Uint8Array;
}

/** A presenter that can be rebuilt on a worker thread of this process from its seed. */
export interface SeededPresenter extends Presenter {
  readonly seed: PseudonymSeed;
}

/**
 * Pseudonyms for masked identifiers: HMAC (SHA-256 or SM3 by profile) under a key derived once from
 * the keyring, scoped per grant so two recipients' extracts cannot be joined on the pseudonym.
 * Derived rather than stored: the derivation key lives wrapped in the keyring like every data key.
 */
export async function createPresenter(keyring: Keyring): Promise<SeededPresenter> {
  const seed = await keyring.hmac(PSEUDONYM_PURPOSE, 'yixiang pseudonym key v1');
  return presenterFromSeed({ algorithm: seed.algorithm, mac: seed.mac });
}

export function presenterFromSeed(seed: PseudonymSeed): SeededPresenter {
  const key = Buffer.from(seed.mac);
  return {
    seed: { algorithm: seed.algorithm, mac: key },
    pseudonymiser(scope: string) {
      return (value: string) => `p-${hmacWith(seed.algorithm, key, `${scope}\u0000${value}`).toString('hex').slice(0, 24)}`;
    },
  };
}

/** Bound of each scope's remembered pseudonyms; dropping them only costs recomputation. */
const PSEUDONYM_MEMO_LIMIT = 50_000;

/**
 * The presenter with each scope's pseudonyms remembered for the length of one scan: every record of
 * a patient names the patient, so most pseudonyms of a bulk read repeat. Pseudonyms are a keyed
 * deterministic function of scope and value, so a remembered one is exactly what the presenter
 * would compute again.
 */
export function rememberingPseudonyms(presenter: Presenter): Presenter {
  const byScope = new Map<string, (value: string) => string>();
  return {
    pseudonymiser(scope) {
      let pseudonymise = byScope.get(scope);
      if (!pseudonymise) {
        const compute = presenter.pseudonymiser(scope);
        const memo = new Map<string, string>();
        pseudonymise = (value) => {
          let pseudonym = memo.get(value);
          if (pseudonym === undefined) {
            pseudonym = compute(value);
            if (memo.size >= PSEUDONYM_MEMO_LIMIT) memo.clear();
            memo.set(value, pseudonym);
          }
          return pseudonym;
        };
        byScope.set(scope, pseudonymise);
      }
      return pseudonymise;
    },
  };
}
