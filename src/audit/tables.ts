/** Row shapes of the audit log (migration 0003-audit). Hashes are lowercase hex. */
export interface AuditEntryRow {
  /** The entry's leaf index in the Merkle tree, assigned by the sequencer: 0, 1, 2, … with no gaps. */
  seq: number;
  recorded_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  /** Canonical JSON array of role names. */
  actor_roles: string;
  actor_department_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  patient_id: string | null;
  purpose_of_use: string | null;
  grant_id: string | null;
  access_basis: string | null;
  outcome: string;
  reason: string | null;
  source_ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  /** Canonical JSON object. */
  details: string;
  /** Retention class: 'system' (≥180 days) or 'sharing' (≥3 years). */
  retention_class: string;
}

/** Hash of a complete subtree covering leaves [idx·2^level, (idx+1)·2^level). Immutable once written. */
export interface AuditNodeRow {
  level: number;
  idx: number;
  hash: string;
}

export interface AuditCheckpointRow {
  tree_size: number;
  root_hash: string;
  hash_algorithm: string;
  signed_at: string;
  key_id: string;
  signature_algorithm: string;
  /** base64 signature over the checkpoint's canonical text. */
  signature: string;
}

/** One row (id = 1): the tree size. Updating it is what makes an instance the sequencer. */
export interface AuditSequencerRow {
  id: number;
  tree_size: number;
  /** Entries below this sequence number were archived to a file and removed; their nodes remain. */
  archived_before: number;
}

export interface AuditArchiveRow {
  from_seq: number;
  to_seq: number;
  archived_at: string;
  file_name: string;
  /** Hash of the archive file by profile, so the file can be matched to this record later. */
  file_hash: string;
}

/** One verification run: 'full' from the first entry, or 'incremental' from the checkpoint where the last sound run ended. */
export interface AuditVerificationRow {
  id: string;
  mode: string;
  from_size: number;
  /** The signed checkpoint's size the run reached; the next incremental run starts here. */
  tree_size: number;
  root_hash: string | null;
  /** 1 when no problem was found. */
  ok: number;
  entries_checked: number;
  checkpoints_checked: number;
  problem: string | null;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  /** 'schedule', 'report' or the user id who asked for it. */
  trigger: string;
}

export interface AuditTables {
  audit_entries: AuditEntryRow;
  audit_nodes: AuditNodeRow;
  audit_checkpoints: AuditCheckpointRow;
  audit_sequencer: AuditSequencerRow;
  audit_archives: AuditArchiveRow;
  audit_verifications: AuditVerificationRow;
}
