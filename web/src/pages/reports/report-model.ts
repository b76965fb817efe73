import type { InclusionProof, LocalizedName } from '../../api/types';
import type { QuarterId } from './quarter';

/**
 * The quarterly audit report (季度审计报告) as GET /reports/quarterly/{quarter} returns it; the
 * server's src/reports/model.ts describes each figure. Kept beside its pages rather than in the shared
 * api/types.ts: only these pages read it, and it is a schema of its own.
 */

/** One bar of a breakdown: a stable key, its labels and the count. */
export interface CountRow {
  key: string;
  label: LocalizedName;
  count: number;
}

export interface QuarterlyReport {
  quarter: QuarterId;
  period: { from: string; to: string; timeZone: string };
  hospital: string;
  generatedAt: string;
  status: 'draft' | 'issued';
  sharing: { reads: number; patients: number; byDepartment: CountRow[]; byResource: CountRow[]; byPurpose: CountRow[]; byChannel: CountRow[]; byWeek: CountRow[] };
  requests: {
    filed: number;
    approved: number;
    narrowed: number;
    returned: number;
    rejected: number;
    withdrawn: number;
    reviews: { decided: number; medianHours: number | null; p90Hours: number | null; withinDeadline: number; pastDeadline: number };
  };
  grants: { created: number; active: number; expired: number; revoked: number; suspended: number };
  feedback: { due: number; onTime: number; late: number; overdue: number };
  deniedAccesses: { total: number; byReason: CountRow[]; topUsers: CountRow[] };
  emergencies: { opened: number; reviewed: number; unreviewed: number; outcomes: CountRow[] };
  alerts: { raised: number; byRule: CountRow[]; dismissed: number; escalated: number; open: number };
  violations: { opened: number; decided: number; byDecision: CountRow[]; suspensions: number; appeals: number };
  suggestions: { received: number; answered: number; open: number; byCategory: CountRow[]; medianHoursToAnswer: number | null };
  auditIntegrity: {
    entriesInQuarter: number;
    entriesTotal: number;
    latestCheckpoint: { treeSize: number; rootHash: string; signedAt: string; keyId: string } | null;
    /** `mode`, `treeSize` and `lastFull` are absent from reports issued before verification runs were recorded. */
    verification: {
      ok: boolean;
      checkedAt: string;
      entriesChecked: number;
      problem: string | null;
      mode?: 'full' | 'incremental';
      treeSize?: number;
      lastFull?: { ok: boolean; checkedAt: string; treeSize: number } | null;
    };
  };
  findings: string;
  recommendations: string;
  issue: ReportIssue | null;
}

export interface ReportIssue {
  issuedAt: string;
  issuedBy: { userId: string; displayName: string };
  /** Hex digest of the canonical JSON of the report without this block. */
  hash: string;
  hashAlgorithm: string;
  signature: string;
  signatureAlgorithm: string;
  signingKeyId: string;
  /** The audit entry that records the hash. */
  auditSeq: number;
}

/** A quarter with a report row: drafts kept by the scheduler or an edit, and issued reports. */
export interface ReportListItem {
  quarter: string;
  status: string;
  issuedAt: string | null;
  hash: string | null;
  auditSeq: number | null;
}

export interface ReportVerification {
  quarter: QuarterId;
  hashMatches: boolean;
  auditEntryMatches: boolean;
  signatureValid: boolean;
  auditSeq: number;
  /** Typed loosely by the server; checked with asInclusionProof before use. */
  proof: InclusionProof | unknown;
}

export type ReportFormat = 'html' | 'pdf';
export type ReportLocale = 'zh-CN' | 'en-US';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf'];
export const REPORT_LOCALES: readonly ReportLocale[] = ['zh-CN', 'en-US'];

export interface DraftText {
  findings?: string;
  recommendations?: string;
}
