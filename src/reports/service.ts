import type { Kysely } from 'kysely';
import { canonicalJson, type AuditRecord, type AuditService } from '../audit/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import type { UserPrincipal } from '../org/index.js';
import { generateReport, type ReportSources } from './generator.js';
import type { QuarterId, QuarterlyReport, ReportIssue } from './model.js';
import { isQuarterOver, quarterPeriod } from './period.js';
import type { QuarterlyReportRow } from './tables.js';

/** Keyring signing purpose of issued reports: a key of their own, apart from the audit log's. */
export const REPORT_SIGNING_PURPOSE = 'report-signing';

export interface ReportVerification {
  quarter: QuarterId;
  /** The stored report hashes to the hash in its issue block. */
  hashMatches: boolean;
  /** The audit entry at `auditSeq` records this report's issuance with the same hash. */
  auditEntryMatches: boolean;
  signatureValid: boolean;
  auditSeq: number;
  /** The audit entry's inclusion proof against the latest checkpoint (verify it with the audit API's proof rules). */
  proof: unknown;
}

/** The text a report's hash and signature cover: the report without its issue block, canonically. */
export function reportDigestText(report: QuarterlyReport): string {
  return canonicalJson({ ...report, issue: null });
}

/**
 * Quarterly audit reports (季度审计报告): a draft is computed from the data whenever it is read, with
 * the information administrator's findings and recommendations kept beside it; issuing freezes it,
 * signs it, and records its hash in the audit log, after which it never changes.
 */
export class ReportService {
  constructor(
    private readonly sources: ReportSources,
    private readonly keyring: Keyring,
    private readonly audit: Pick<AuditService, 'entryWithProof'>,
    private readonly appendAudit: (record: AuditRecord) => Promise<{ seq: number }>,
    private readonly clock: Clock,
  ) {}

  private get db(): Kysely<Database> {
    return this.sources.db;
  }

  private row(quarter: QuarterId): Promise<QuarterlyReportRow | undefined> {
    return this.db.selectFrom('quarterly_reports').selectAll().where('quarter', '=', quarter).executeTakeFirst();
  }

  /** The issued report as it was issued, or the draft as the data stands now. */
  async get(quarter: QuarterId): Promise<QuarterlyReport> {
    const row = await this.row(quarter);
    if (row?.status === 'issued' && row.content) return JSON.parse(row.content) as QuarterlyReport;
    const draft = await generateReport(this.sources, quarter, this.clock());
    return { ...draft, findings: row?.findings ?? '', recommendations: row?.recommendations ?? '' };
  }

  /** Keeps a draft row for the quarter (the scheduler makes one when a quarter ends). */
  async ensureDraft(quarter: QuarterId): Promise<boolean> {
    const now = this.clock().toISOString();
    const result = await this.db.insertInto('quarterly_reports').values({ quarter, status: 'draft', findings: '', recommendations: '', content: null, updated_at: now, updated_by: null, issued_at: null, issued_by: null, hash: null, audit_seq: null }).onConflict((oc) => oc.column('quarter').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async saveDraft(quarter: QuarterId, text: { findings?: string; recommendations?: string }, by: UserPrincipal): Promise<QuarterlyReport> {
    await this.ensureDraft(quarter);
    const updated = await this.db
      .updateTable('quarterly_reports')
      .set({ ...(text.findings !== undefined && { findings: text.findings }), ...(text.recommendations !== undefined && { recommendations: text.recommendations }), updated_at: this.clock().toISOString(), updated_by: by.userId })
      .where('quarter', '=', quarter)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError(Errors.REPORT_ISSUED, { quarter });
    return this.get(quarter);
  }

  /**
   * Issues the report of a finished quarter: generated one last time, hashed, signed, its hash
   * appended to the audit log, then stored frozen with the issue block. The row is claimed first
   * (draft → issuing) so two administrators cannot issue it twice; a failure on the way puts the
   * draft back.
   */
  async issue(quarter: QuarterId, by: UserPrincipal): Promise<QuarterlyReport> {
    const now = this.clock();
    if (!isQuarterOver(quarter, now)) throw new AppError(Errors.REPORT_QUARTER_OPEN, { quarter, endsAt: quarterPeriod(quarter).to });
    await this.ensureDraft(quarter);
    const claimed = await this.db.updateTable('quarterly_reports').set({ status: 'issuing', updated_at: now.toISOString(), updated_by: by.userId }).where('quarter', '=', quarter).where('status', '=', 'draft').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError(Errors.REPORT_ISSUED, { quarter });
    try {
      const row = (await this.row(quarter))!;
      const draft = await generateReport(this.sources, quarter, now);
      const report: QuarterlyReport = { ...draft, status: 'issued', findings: row.findings, recommendations: row.recommendations };
      const text = reportDigestText(report);
      const hash = this.keyring.hash(text).toString('hex');
      const signed = await this.keyring.sign(text, REPORT_SIGNING_PURPOSE);
      const entry = await this.appendAudit({
        actor: { type: 'user', id: by.userId, name: by.username, roles: [...by.roles], departmentId: by.departmentId },
        action: 'create',
        objectType: 'quarterly_report',
        objectId: quarter,
        outcome: 'success',
        reason: 'quarterly audit report issued',
        details: { hash, hashAlgorithm: this.keyring.profile.hashAlgorithm, signature: signed.signature.toString('base64'), signatureAlgorithm: signed.algorithm, signingKeyId: signed.keyId },
      });
      const issue: ReportIssue = {
        issuedAt: now.toISOString(),
        issuedBy: { userId: by.userId, displayName: by.displayName },
        hash,
        hashAlgorithm: this.keyring.profile.hashAlgorithm,
        signature: signed.signature.toString('base64'),
        signatureAlgorithm: signed.algorithm,
        signingKeyId: signed.keyId,
        auditSeq: entry.seq,
      };
      const issued: QuarterlyReport = { ...report, issue };
      await this.db
        .updateTable('quarterly_reports')
        .set({ status: 'issued', content: JSON.stringify(issued), issued_at: issue.issuedAt, issued_by: by.userId, hash, audit_seq: entry.seq, updated_at: issue.issuedAt })
        .where('quarter', '=', quarter)
        .where('status', '=', 'issuing')
        .execute();
      return issued;
    } catch (error) {
      await this.db.updateTable('quarterly_reports').set({ status: 'draft' }).where('quarter', '=', quarter).where('status', '=', 'issuing').execute();
      throw error;
    }
  }

  /** What an auditor checks: the stored report against its own hash, the audit entry and the signature. */
  async verify(quarter: QuarterId): Promise<ReportVerification> {
    const row = await this.row(quarter);
    if (row?.status !== 'issued' || !row.content) throw new AppError(Errors.REPORT_NOT_ISSUED, { quarter });
    const report = JSON.parse(row.content) as QuarterlyReport;
    const issue = report.issue!;
    const text = reportDigestText(report);
    const hash = this.keyring.hash(text).toString('hex');
    const { entry, proof } = await this.audit.entryWithProof(issue.auditSeq);
    const details = entry.details as { hash?: string; signature?: string };
    return {
      quarter,
      hashMatches: hash === issue.hash && row.hash === issue.hash,
      auditEntryMatches: entry.objectType === 'quarterly_report' && entry.objectId === quarter && details.hash === issue.hash && details.signature === issue.signature,
      signatureValid: await this.keyring.verify(issue.signingKeyId, text, Buffer.from(issue.signature, 'base64')),
      auditSeq: issue.auditSeq,
      proof,
    };
  }

  async list(): Promise<{ quarter: string; status: string; issuedAt: string | null; hash: string | null; auditSeq: number | null }[]> {
    const rows = await this.db.selectFrom('quarterly_reports').select(['quarter', 'status', 'issued_at', 'hash', 'audit_seq']).orderBy('quarter', 'desc').execute();
    return rows.map((r) => ({ quarter: r.quarter, status: r.status, issuedAt: r.issued_at, hash: r.hash, auditSeq: r.audit_seq === null ? null : Number(r.audit_seq) }));
  }
}
