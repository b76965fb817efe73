import { hmacWith, type MacAlgorithm } from '../../crypto/index.js';

/**
 * Keyed one-way functions of an export package. Both take a key derived from the keyring for one
 * grant (see builder.ts), so pseudonyms and date offsets are stable across rebuilds of the same
 * grant's package but cannot be linked across grants or recomputed by the recipient.
 */

/** What a package pseudonym looks like; lets later passes recognise a value already replaced. */
export const PSEUDONYM_PATTERN = /^px-[0-9a-f]{32}$/;

// Pseudonyms repeat (every record of a patient names the patient), so remember recent ones. The
// bound keeps memory flat on a large export; dropping the cache only costs recomputation.
const MEMO_LIMIT = 50_000;

export interface Pseudonymiser {
  (value: string): string;
  /** The same pseudonym, not remembered: for a value met once (a record's own id), which would only crowd out the repeating ones. */
  once(value: string): string;
}

/** value → `px-` + 128 bits of HMAC. 128 bits keep collisions out of reach for any realistic export. */
export function makePseudonymiser(algorithm: MacAlgorithm, key: Uint8Array): Pseudonymiser {
  const compute = (value: string): string => `px-${hmacWith(algorithm, key, value).toString('hex').slice(0, 32)}`;
  const memo = new Map<string, string>();
  const remembered = (value: string): string => {
    let pseudonym = memo.get(value);
    if (pseudonym === undefined) {
      pseudonym = compute(value);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(value, pseudonym);
    }
    return pseudonym;
  };
  return Object.assign(remembered, { once: compute });
}

/**
 * patient key → a whole number of days in [-maxDays, -1] ∪ [1, maxDays]. Zero is excluded: a
 * patient whose offset happened to be zero would be released with true dates.
 */
export function makeDateShifter(algorithm: MacAlgorithm, key: Uint8Array, maxDays: number): (patientKey: string) => number {
  if (!Number.isInteger(maxDays) || maxDays < 1) throw new RangeError('maxDays must be a positive integer');
  const memo = new Map<string, number>();
  return (patientKey: string) => {
    let days = memo.get(patientKey);
    if (days === undefined) {
      const mac = hmacWith(algorithm, key, patientKey);
      // 32 bits against maxDays of at most a few hundred: the modulo bias is below 1e-7.
      const magnitude = 1 + (mac.readUInt32BE(0) % maxDays);
      days = (mac[4]! & 1) === 1 ? magnitude : -magnitude;
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(patientKey, days);
    }
    return days;
  };
}
