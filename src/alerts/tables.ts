/** Row shapes of migration 0015-alerts. Times are ISO-8601 UTC text. */
export interface AlertRow {
  id: string;
  rule: string;
  severity: string;
  /** Unique: the same behaviour seen by two scans (or two instances) is one alert. */
  dedupe_key: string;
  subject_user_id: string | null;
  subject_username: string | null;
  subject_department_id: string | null;
  /** Small JSON object of summary facts (counts, window, thresholds); never clinical payload. */
  facts: string;
  /** JSON array of audit entry sequence numbers. */
  evidence: string;
  occurred_at: string;
  raised_at: string;
  /** open, dismissed or escalated. */
  status: string;
  triaged_by: string | null;
  triaged_at: string | null;
  triage_reason: string | null;
  violation_case_id: string | null;
}

/** How far the anomaly scan has read the audit log: the next sequence number to read. */
export interface AlertScanCursorRow {
  name: string;
  next_seq: number;
  updated_at: string;
}

/** A patient record that is a staff member's own (职工本人病历), kept by the information administrator. */
export interface StaffPatientLinkRow {
  patient_id: string;
  user_id: string;
  linked_by: string;
  linked_at: string;
}

export interface AlertTables {
  alerts: AlertRow;
  alert_scan_cursors: AlertScanCursorRow;
  staff_patient_links: StaffPatientLinkRow;
}
