/** Row shapes of violation handling (migration 0013-violations). Times are ISO text. */
export interface ViolationCaseRow {
  id: string;
  /** user | department | institution */
  subject_kind: string;
  subject_id: string;
  /** The subject's name when the case was opened, so the case still reads right after a rename. */
  subject_name: string;
  title: string;
  description: string;
  /** open | awaiting_approval | decided | closed */
  status: string;
  opened_by: string;
  opened_at: string;
  /** 1 while a suspension of this case is in force. */
  suspended: number;
  /** no_violation | warning | penalty | termination, once proposed. */
  decision_kind: string | null;
  decision_details: string | null;
  decided_by: string | null;
  decided_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  closed_at: string | null;
  updated_at: string;
}

/** The case's history: every step, note and appeal, in order. */
export interface ViolationEventRow {
  id: string;
  case_id: string;
  at: string;
  actor_id: string;
  kind: string;
  text: string | null;
  /** Canonical JSON object of the step's facts. */
  data: string;
}

export interface ViolationEvidenceRow {
  case_id: string;
  /** audit_entry | alert */
  kind: string;
  /** The audit sequence number or the alert id. */
  ref: string;
  note: string | null;
  added_by: string;
  added_at: string;
}

/** What a case's suspension changed, so lifting it restores exactly that. */
export interface ViolationSuspensionRow {
  case_id: string;
  /** user | grant | api_client | institution */
  target_kind: string;
  target_id: string;
  previous_status: string;
  suspended_at: string;
  restored_at: string | null;
}

export interface ViolationTables {
  violation_cases: ViolationCaseRow;
  violation_events: ViolationEventRow;
  violation_evidence: ViolationEvidenceRow;
  violation_suspensions: ViolationSuspensionRow;
}
