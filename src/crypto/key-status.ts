import type { MasterKeySource } from './master-key.js';
import type { CryptoProfile, ProfileName } from './profiles.js';
import { type CryptoDb, listDataKeys, listSigningKeys } from './store.js';
import type { KeyStatus } from './tables.js';

export interface KeyInfo {
  id: string;
  purpose: string;
  algorithm: string;
  status: KeyStatus;
  kekId: string;
  createdAt: string;
  retiredAt: string | null;
  /** Whole days since creation, by the injected clock; what rotation policies are checked against. */
  ageDays: number;
}

export interface KeyStatusReport {
  profile: ProfileName;
  algorithms: { hash: string; mac: string; aead: string; signature: string };
  kek: { id: string; source: 'env'; variable: string } | { id: string; source: 'file'; path: string };
  dataKeys: KeyInfo[];
  signingKeys: KeyInfo[];
  generatedAt: string;
}

const DAY_MS = 86_400_000;

function info(
  row: { id: string; purpose: string; algorithm: string; status: KeyStatus; kek_id: string; created_at: string; retired_at: string | null },
  now: Date,
): KeyInfo {
  // Built field by field from metadata columns so wrapped key material can never leak in.
  return {
    id: row.id,
    purpose: row.purpose,
    algorithm: row.algorithm,
    status: row.status,
    kekId: row.kek_id,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    ageDays: Math.max(0, Math.floor((now.getTime() - Date.parse(row.created_at)) / DAY_MS)),
  };
}

export async function buildKeyStatus(
  db: CryptoDb,
  profile: CryptoProfile,
  kekId: string,
  source: MasterKeySource,
  now: Date,
): Promise<KeyStatusReport> {
  const [dataRows, signingRows] = await Promise.all([listDataKeys(db), listSigningKeys(db)]);
  return {
    profile: profile.name,
    algorithms: {
      hash: profile.hashAlgorithm,
      mac: profile.macAlgorithm,
      aead: profile.aeadAlgorithm,
      signature: profile.signatureAlgorithm,
    },
    kek: source.kind === 'env' ? { id: kekId, source: 'env', variable: source.variable } : { id: kekId, source: 'file', path: source.path },
    dataKeys: dataRows.map((row) => info(row, now)),
    signingKeys: signingRows.map((row) => info(row, now)),
    generatedAt: now.toISOString(),
  };
}
