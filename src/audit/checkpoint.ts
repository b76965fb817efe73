import type { AuditCheckpointRow } from './tables.js';

export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  hashAlgorithm: string;
  signedAt: string;
  keyId: string;
  signatureAlgorithm: string;
  signature: string;
}

/**
 * The exact text a checkpoint signature covers. Line-based and versioned so an external verifier
 * can rebuild it from the JSON fields without this code.
 */
export function checkpointText(checkpoint: Omit<Checkpoint, 'signature' | 'signatureAlgorithm'>): string {
  return [
    'yixiang-audit-checkpoint/v1',
    `tree-size ${checkpoint.treeSize}`,
    `root ${checkpoint.rootHash}`,
    `hash ${checkpoint.hashAlgorithm}`,
    `time ${checkpoint.signedAt}`,
    `key ${checkpoint.keyId}`,
    '',
  ].join('\n');
}

export function presentCheckpoint(row: AuditCheckpointRow): Checkpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    hashAlgorithm: row.hash_algorithm,
    signedAt: row.signed_at,
    keyId: row.key_id,
    signatureAlgorithm: row.signature_algorithm,
    signature: row.signature,
  };
}

export function checkpointRow(checkpoint: Checkpoint): AuditCheckpointRow {
  return {
    tree_size: checkpoint.treeSize,
    root_hash: checkpoint.rootHash,
    hash_algorithm: checkpoint.hashAlgorithm,
    signed_at: checkpoint.signedAt,
    key_id: checkpoint.keyId,
    signature_algorithm: checkpoint.signatureAlgorithm,
    signature: checkpoint.signature,
  };
}
