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

export interface ReportTables {
  quarterly_reports: QuarterlyReportRow;
}
