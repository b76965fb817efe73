import type { Kysely } from 'kysely';
import { AuditEntryNotFoundError, systemActor, type AuditEntry, type AuditLog, type AuditService } from '../audit/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import type { UserPrincipal } from '../org/index.js';
import type { AlertStatistics } from '../reports/model.js';
import type { PolicyService } from '../policy/index.js';
import { alertsForPeriod, claimTriage, findAlert, listAlerts, recordCase, releaseEscalation, type AlertFilter } from './alert-store.js';
import { presentAlert, type AlertView } from './presenter.js';
import { RULE_LABELS, type AlertRule } from './rule-types.js';
import { scanLog } from './scanner.js';
import { alertStatistics } from './statistics.js';
import type { AlertRow } from './tables.js';
import type { ViolationCaseInput, ViolationCaseOpener } from './violation-cases.js';

export interface AlertServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  policy: PolicyService;
  catalog: CatalogService;
  audit: AuditService;
  auditLog: Pick<AuditLog, 'append'>;
  violations: ViolationCaseOpener;
}

export type TriageDecision = { decision: 'dismiss'; reason: string } | { decision: 'escalate'; reason: string; title?: string };

export type EvidenceItem = { seq: number; entry: AuditEntry; proof: Awaited<ReturnType<AuditService['entryWithProof']>>['proof'] } | { seq: number; archived: true };

const STATUS_WORDS: Record<string, { zh: string; en: string }> = { dismissed: { zh: '驳回', en: 'dismissed' }, escalated: { zh: '转为违规案件', en: 'escalated' } };

/**
 * 异常告警: scanning the audit log for anomalies, listing alerts with their evidence and proofs, and
 * triage — dismissed with a reason, or escalated to a violation case. Triage happens once.
 */
export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  /**
   * Reads what the log gained since the last scan and raises new alerts; safe to run on several
   * instances at once and to repeat. Each raised alert gets its own audit entry.
   */
  async scan(): Promise<{ scannedTo: number; raised: number }> {
    const { db, clock, policy, catalog, audit } = this.deps;
    const { scannedTo, raised } = await scanLog({
      db,
      clock,
      settings: () => policy.get('supervision.alertRules'),
      levels: async () => new Map((await catalog.definitions()).map((d) => [d.code, d.defaultLevel])),
      openingEntryOf: async (id) => {
        const found = await audit.search({ objectId: id, action: 'emergency_access', outcome: 'success' }, 20);
        return found.items.filter((e) => e.objectType === 'emergency_access' && !('change' in e.details)).at(-1)?.seq ?? null;
      },
    });
    for (const row of raised) {
      await this.deps.auditLog.append({ actor: systemActor('anomaly scan'), action: 'create', objectType: 'alert', objectId: row.id, outcome: 'success', details: { rule: row.rule, severity: row.severity, subject: row.subject_user_id, evidence: (JSON.parse(row.evidence) as number[]).length } });
    }
    return { scannedTo, raised: raised.length };
  }

  async list(filter: AlertFilter, limit: number, cursor?: string): Promise<{ items: AlertView[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor, 2) : undefined;
    if (after === null) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/cursor', message: 'unknown cursor' }]);
    const rows = await listAlerts(this.deps.db, filter, limit + 1, after ? { raisedAt: after[0]!, id: after[1]! } : undefined);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(presentAlert), nextCursor: rows.length > limit && last ? encodeCursor([last.raised_at, last.id]) : null };
  }

  async get(id: string): Promise<AlertView> {
    return presentAlert(await this.find(id));
  }

  /** The alert with every evidence entry and its inclusion proof against a signed checkpoint. */
  async withEvidence(id: string): Promise<{ alert: AlertView; evidence: EvidenceItem[] }> {
    const alert = await this.get(id);
    const evidence: EvidenceItem[] = [];
    for (const seq of alert.evidence) {
      try {
        const { entry, proof } = await this.deps.audit.entryWithProof(seq);
        evidence.push({ seq, entry, proof });
      } catch (error) {
        // Archived entries have left the database; the archive file still proves them.
        if (!(error instanceof AuditEntryNotFoundError)) throw error;
        evidence.push({ seq, archived: true });
      }
    }
    return { alert, evidence };
  }

  async triage(principal: UserPrincipal, id: string, decision: TriageDecision): Promise<AlertView> {
    const row = await this.find(id);
    if (row.status !== 'open') throw this.alreadyTriaged(row.status);
    const reason = decision.reason.trim();
    if (!reason) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'body/reason', message: 'give the reason for the decision' }]);
    const now = this.deps.clock().toISOString();
    if (decision.decision === 'dismiss') {
      if (!(await claimTriage(this.deps.db, id, 'dismissed', principal.userId, now, reason))) throw this.alreadyTriaged((await this.find(id)).status);
      return this.get(id);
    }
    const subject = caseSubjectOf(row);
    if (!subject) throw new AppError(Errors.ALERT_NO_SUBJECT);
    if (!(await claimTriage(this.deps.db, id, 'escalated', principal.userId, now, reason))) throw this.alreadyTriaged((await this.find(id)).status);
    let opened: { id: string };
    try {
      opened = await this.deps.violations.openViolationCase(caseInput(row, subject, reason, decision.title), principal);
    } catch (error) {
      await releaseEscalation(this.deps.db, id);
      throw error;
    }
    await recordCase(this.deps.db, id, opened.id);
    return this.get(id);
  }

  /** The alerts block of the quarterly report for [from, to). */
  async statistics(from: string, to: string): Promise<AlertStatistics> {
    return alertStatistics(await alertsForPeriod(this.deps.db, from, to), { from, to });
  }

  private async find(id: string): Promise<AlertRow> {
    const row = await findAlert(this.deps.db, id);
    if (!row) throw new AppError(Errors.ALERT_NOT_FOUND);
    return row;
  }

  private alreadyTriaged(status: string): AppError {
    return new AppError(Errors.ALERT_ALREADY_TRIAGED, { status: STATUS_WORDS[status] ?? status });
  }
}

/** A case is opened against the account the alert is about, or failing that its department. */
function caseSubjectOf(row: AlertRow): ViolationCaseInput['subject'] | null {
  if (row.subject_user_id) return { kind: 'user', id: row.subject_user_id };
  if (row.subject_department_id) return { kind: 'department', id: row.subject_department_id };
  return null;
}

function caseInput(row: AlertRow, subject: ViolationCaseInput['subject'], reason: string, title?: string): ViolationCaseInput {
  const label = RULE_LABELS[row.rule as AlertRule] ?? { zh: row.rule, en: row.rule };
  return {
    subject,
    title: title?.trim() || `${label.zh}：${row.subject_username ?? subject.id}`,
    description: `${reason}\n\n${label.zh} / ${label.en} (alert ${row.id}, ${row.occurred_at}): ${row.facts}`,
    alertIds: [row.id],
    auditSeqs: JSON.parse(row.evidence) as number[],
  };
}
