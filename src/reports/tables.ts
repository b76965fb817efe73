/** Row shape of migration 0016-quarterly-reports. */
export interface QuarterlyReportRow {
  /** `2026-Q4`. */
  quarter: string;
  /** draft | issuing | issued */
  status: string;
  findings: string;
  recommendations: string;
  /** The issued report as canonical JSON (its issue block included); null while a draft. */
  content: string | null;
  updated_at: string;
  updated_by: string | null;
  issued_at: string | null;
  issued_by: string | null;
  hash: string | null;
  audit_seq: number | null;
}

/** Rows of migration 0018-report-rollups; '' stands for a key the entries did not state. */
export interface ReportRollupStateRow {
  id: number;
  /** Entries below this sequence number are folded into the rollup tables. */
  next_seq: number;
  updated_at: string;
}

export interface ReportSharingRollupRow {
  quarter: string;
  department: string;
  purpose: string;
  catalog: string;
  channel: string;
  records: number;
}

export interface ReportHourlyRollupRow {
  /** UTC hour, `2026-10-01T08`. */
  hour: string;
  records: number;
}

export interface ReportDeniedRollupRow {
  quarter: string;
  reason: string;
  actor_id: string;
  actor_name: string | null;
  entries: number;
}

export interface ReportPatientRollupRow {
  quarter: string;
  patient_id: string;
}

export interface ReportTables {
  quarterly_reports: QuarterlyReportRow;
  report_rollup_state: ReportRollupStateRow;
  report_sharing_rollup: ReportSharingRollupRow;
  report_hourly_rollup: ReportHourlyRollupRow;
  report_denied_rollup: ReportDeniedRollupRow;
  report_patient_rollup: ReportPatientRollupRow;
}
