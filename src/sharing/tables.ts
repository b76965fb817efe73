import type { ConsentTables } from './consent/tables.js';

export interface ShareRequestRow {
  id: string;
  requester_id: string;
  requester_department_id: string | null;
  title: string;
  /** JSON of the ShareRequestForm; frozen once submitted (a returned request is edited, then resubmitted). */
  form: string;
  state: string;
  /** JSON array of ReviewStep. */
  steps: string;
  current_step: number;
  /** JSON array of pre-check findings at the last submission. */
  findings: string;
  policy_version: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  step_due_at: string | null;
  closed_at: string | null;
}

export interface ShareRequestReviewRow {
  id: string;
  request_id: string;
  step: number;
  role: string;
  reviewer_id: string;
  decision: string;
  reason: string;
  narrowing: string | null;
  decided_at: string;
}

export interface ShareRequestGrantRow {
  request_id: string;
  grant_id: string;
}

/** Share requests and their deliveries; patient consents (consent/) are part of sharing too. */
export interface SharingTables extends ConsentTables {
  share_requests: ShareRequestRow;
  share_request_reviews: ShareRequestReviewRow;
  share_request_grants: ShareRequestGrantRow;
  usage_feedback: UsageFeedbackRow;
  notifications: NotificationRow;
  export_packages: ExportPackageRow;
}

export interface UsageFeedbackRow {
  grant_id: string;
  request_id: string | null;
  submitted_by: string;
  submitted_at: string;
  used_for: string;
  records_used: number;
  outcome: string;
  copies_destroyed: number;
  incident: string | null;
}

export interface NotificationRow {
  id: string;
  user_id: string;
  /** review-item | review-overdue | returned | approved | rejected | revoked | share-closed | feedback-due | feedback-overdue */
  kind: string;
  subject_type: string;
  subject_id: string;
  title_zh: string;
  title_en: string;
  created_at: string;
  read_at: string | null;
}

/** An export package built for a grant and delivered over HTTP (migration 0011). */
export interface ExportPackageRow {
  id: string;
  grant_id: string;
  built_by: string;
  /** `<hash algorithm>:<hex>` of the recipient public key the package is encrypted to. */
  recipient_fingerprint: string;
  data_format: string;
  identification: string;
  record_count: number;
  bytes: number;
  /** Hex digest of the signed manifest (the download's ETag). */
  manifest_hash: string;
  k_anonymity: number | null;
  /** File name under `<dataDir>/packages`. */
  file_name: string;
  created_at: string;
  expires_at: string;
  downloads_allowed: number;
  downloads_used: number;
  first_downloaded_at: string | null;
  last_downloaded_at: string | null;
  /** ready | expired | exhausted | withdrawn (the grant ended) */
  status: string;
  file_deleted_at: string | null;
}
