/**
 * The quarterly audit report (季度审计报告, policy Ch.7 (1); PIPL Art. 54) as data: what the
 * generator computes from the database and the audit log, what the renderers (HTML, PDF) draw and
 * what the JSON format returns. Counts are whole numbers over the quarter's half-open period
 * [from, to) in UTC+8 (the hospital's calendar), unless a field says "at the end".
 */

/** `2026-Q4`. */
export type QuarterId = `${number}-Q${1 | 2 | 3 | 4}`;

/** One bar of a breakdown: a stable key, its zh-CN and en-US labels, and the count. */
export interface CountRow {
  key: string;
  label: { zh: string; en: string };
  count: number;
}

export interface SharingVolume {
  /** Successful reads of records through access (API, FHIR, exports), each counted once. */
  reads: number;
  /** Distinct patients whose records were read. */
  patients: number;
  byDepartment: CountRow[];
  byResource: CountRow[];
  byPurpose: CountRow[];
  byChannel: CountRow[];
  /** Reads per ISO week of the quarter, for the trend chart: key `2026-W40`. */
  byWeek: CountRow[];
}

export interface RequestStatistics {
  filed: number;
  approved: number;
  /** Approved with fewer fields, patients or a shorter period than asked. */
  narrowed: number;
  returned: number;
  rejected: number;
  withdrawn: number;
  /** Reviews decided in the quarter, timed from submission to decision. */
  reviews: {
    decided: number;
    medianHours: number | null;
    p90Hours: number | null;
    withinDeadline: number;
    pastDeadline: number;
  };
}

export interface GrantStatistics {
  created: number;
  /** At the end of the quarter. */
  active: number;
  expired: number;
  revoked: number;
  suspended: number;
}

export interface FeedbackStatistics {
  /** Usage reports that fell due in the quarter. */
  due: number;
  onTime: number;
  late: number;
  /** Due in the quarter and still not filed at its end. */
  overdue: number;
}

export interface DeniedAccessStatistics {
  total: number;
  byReason: CountRow[];
  /** Users with the most denials (ids with display names), at most ten. */
  topUsers: CountRow[];
}

export interface EmergencyStatistics {
  opened: number;
  reviewed: number;
  /** Still unreviewed at the end of the quarter. */
  unreviewed: number;
  /** How the reviews ended: justified, unjustified… */
  outcomes: CountRow[];
}

export interface AlertStatistics {
  raised: number;
  byRule: CountRow[];
  dismissed: number;
  escalated: number;
  /** Not triaged at the end of the quarter. */
  open: number;
}

export interface ViolationStatistics {
  opened: number;
  decided: number;
  /** Decisions by kind: warning (警告), penalty (处罚), termination (解除劳动合同 / 终止协议). */
  byDecision: CountRow[];
  suspensions: number;
  appeals: number;
}

export interface SuggestionStatistics {
  received: number;
  answered: number;
  open: number;
  byCategory: CountRow[];
  /** Median hours from submission to the first answer, over those answered in the quarter. */
  medianHoursToAnswer: number | null;
}

export interface AuditIntegrity {
  /** Entries appended in the quarter and in the whole log at generation time. */
  entriesInQuarter: number;
  entriesTotal: number;
  latestCheckpoint: { treeSize: number; rootHash: string; signedAt: string; keyId: string } | null;
  /**
   * The latest recorded verification run that reaches the quarter's last entry: an incremental run
   * re-hashes the entries after the checkpoint where the previous sound run ended (`fromSize`), a
   * full run every entry. `lastFull` is the latest full run, which also re-reads the old entries.
   */
  verification: {
    ok: boolean;
    checkedAt: string;
    mode: 'full' | 'incremental';
    fromSize: number;
    /** The signed checkpoint the run reached. */
    treeSize: number;
    entriesChecked: number;
    problem: string | null;
    lastFull: { ok: boolean; checkedAt: string; treeSize: number } | null;
  };
}

export interface ReportIssue {
  issuedAt: string;
  issuedBy: { userId: string; displayName: string };
  /** Hex digest (SHA-256 or SM3 by profile) of the canonical JSON of the report without this block. */
  hash: string;
  hashAlgorithm: string;
  signature: string;
  signatureAlgorithm: string;
  signingKeyId: string;
  /** The audit entry that records the hash. */
  auditSeq: number;
}

export interface QuarterlyReport {
  quarter: QuarterId;
  period: { from: string; to: string; timeZone: 'Asia/Shanghai' };
  hospital: string;
  generatedAt: string;
  status: 'draft' | 'issued';
  sharing: SharingVolume;
  requests: RequestStatistics;
  grants: GrantStatistics;
  feedback: FeedbackStatistics;
  deniedAccesses: DeniedAccessStatistics;
  emergencies: EmergencyStatistics;
  alerts: AlertStatistics;
  violations: ViolationStatistics;
  suggestions: SuggestionStatistics;
  auditIntegrity: AuditIntegrity;
  /** Written by the information administrator before issuing; plain text, paragraphs separated by blank lines. */
  findings: string;
  recommendations: string;
  issue: ReportIssue | null;
}
