import type { Kysely } from 'kysely';
import type { AuditRecord } from '../audit/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { UserPrincipal } from '../org/index.js';
import { violationNotice, type NoticeStep, type ViolationNotifier } from './notices.js';
import { approvalProblem, canAppeal, canDecide, decisionProblem, isFinal, isUnderInvestigation, needsSecondApproval, statusAfterDecision, type CaseStatus, type DecisionKind, type SubjectKind } from './rules.js';
import { liftSuspension, suspendSubject, terminateSubject, type SanctionDeps, type Subject } from './sanctions.js';
import { violationStatistics } from './stats.js';
import * as store from './store.js';
import type { ViolationCaseRow, ViolationEvidenceRow } from './tables.js';
import { summaryOf, viewOf, type ViolationCaseSummary, type ViolationCaseView } from './views.js';
import type { ViolationStatistics } from '../reports/model.js';

export interface EvidenceInput {
  auditSeqs?: number[];
  alertIds?: string[];
  note?: string;
}

export interface NewCase {
  subject: Subject;
  title: string;
  description: string;
  evidence?: EvidenceInput;
  /** Suspend the subject at once while the case is investigated. */
  suspend?: boolean;
}

export interface CaseDecision {
  kind: DecisionKind;
  details?: string;
  reason: string;
}

export interface ViolationDeps extends SanctionDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Appends one audit entry per account, client or grant a sanction changed. */
  audit(record: AuditRecord): Promise<unknown>;
  /** Size of the audit log: evidence must name entries that exist. */
  auditTreeSize(): Promise<number>;
  /** Which of these alert ids exist; until alerts are wired, none do. */
  existingAlerts?(ids: readonly string[]): Promise<Set<string>>;
  /** Tells the subject of the steps that concern them (notices.ts); without it, no one is told. */
  notify?: ViolationNotifier;
}

let eventCounter = 0;

/**
 * Steps of one case often share a millisecond (a decision and the end of the suspension it
 * brings), and the history is read in (at, id) order, so ids sort in the order they were made.
 */
function eventId(at: string): string {
  eventCounter = (eventCounter + 1) % 1_000_000_000;
  return `${at.replace(/\D/g, '')}-${String(eventCounter).padStart(9, '0')}-${newId().slice(0, 8)}`;
}

/** Who reads a case: supervisors (violation:read) see everything; a subject sees their own case. */
function isSupervisor(principal: UserPrincipal): boolean {
  return principal.permissions.includes('violation:read');
}

/**
 * Violation handling (违规处理, policy Ch.7 (3)): a case names its subject and what happened,
 * gathers evidence and notes, may suspend the subject at once while it is open, and ends with a
 * decision — a warning, a penalty, or termination (which needs a second approver) — that the
 * subject may appeal. Every step is a row in the case's history and an audit entry.
 */
export class ViolationService {
  constructor(private readonly deps: ViolationDeps) {}

  private now(): string {
    return this.deps.clock().toISOString();
  }

  async open(input: NewCase, by: UserPrincipal): Promise<ViolationCaseView> {
    const subjectName = await this.subjectName(input.subject);
    const now = this.now();
    const id = newId();
    const evidence = await this.checkEvidence(id, input.evidence, by.userId, now);
    const row: ViolationCaseRow = {
      id,
      subject_kind: input.subject.kind,
      subject_id: input.subject.id,
      subject_name: subjectName,
      title: input.title.trim(),
      description: input.description.trim(),
      status: 'open',
      opened_by: by.userId,
      opened_at: now,
      suspended: 0,
      decision_kind: null,
      decision_details: null,
      decided_by: null,
      decided_at: null,
      approved_by: null,
      approved_at: null,
      closed_at: null,
      updated_at: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await store.insertCase(trx, row);
      await store.insertEvidence(trx, evidence);
      await store.insertEvent(trx, this.event(id, by.userId, 'opened', null, { subject: input.subject, evidence: evidence.length }, now));
    });
    await this.tell(row, { step: 'opened' });
    if (input.suspend) await this.suspend(id, by, 'suspended when the case was opened');
    return this.get(by, id);
  }

  async list(reader: UserPrincipal, filter: Omit<store.CaseFilter, 'subjects'>, limit: number, before?: { openedAt: string; id: string }): Promise<ViolationCaseSummary[]> {
    const scoped: store.CaseFilter = isSupervisor(reader) ? filter : { ...filter, subjects: this.subjectsOf(reader) };
    const rows = await store.listCases(this.deps.db, scoped, limit, before);
    const names = await this.names(rows.flatMap((r) => [r.opened_by, r.decided_by, r.approved_by]));
    return rows.map((r) => summaryOf(r, names));
  }

  async get(reader: UserPrincipal, id: string): Promise<ViolationCaseView> {
    const row = await store.findCase(this.deps.db, id);
    const readAs = row ? this.readAs(reader, row) : null;
    if (!row || !readAs) throw new AppError(Errors.VIOLATION_NOT_FOUND);
    const [evidence, events] = await Promise.all([store.evidenceOf(this.deps.db, id), store.eventsOf(this.deps.db, id)]);
    const names = await this.names([row.opened_by, row.decided_by, row.approved_by, ...evidence.map((e) => e.added_by), ...events.map((e) => e.actor_id)]);
    return viewOf(row, evidence, events, names, readAs);
  }

  async addNote(id: string, by: UserPrincipal, text: string): Promise<ViolationCaseView> {
    const row = await this.investigated(id);
    await store.insertEvent(this.deps.db, this.event(row.id, by.userId, 'note', text.trim(), {}, this.now()));
    await this.touch(row);
    return this.get(by, id);
  }

  async addEvidence(id: string, by: UserPrincipal, input: EvidenceInput): Promise<ViolationCaseView> {
    const row = await this.investigated(id);
    const now = this.now();
    const evidence = await this.checkEvidence(row.id, input, by.userId, now);
    if (evidence.length === 0) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: '/body', message: 'name at least one audit entry or alert' }]);
    await this.deps.db.transaction().execute(async (trx) => {
      await store.insertEvidence(trx, evidence);
      await store.insertEvent(trx, this.event(row.id, by.userId, 'evidence', input.note?.trim() || null, { auditSeqs: input.auditSeqs ?? [], alertIds: input.alertIds ?? [] }, now));
    });
    await this.touch(row);
    return this.get(by, id);
  }

  /** Takes effect at once: sessions end, grants stop, clients are suspended (sanctions.ts). */
  async suspend(id: string, by: UserPrincipal, reason: string): Promise<ViolationCaseView> {
    const row = await this.investigated(id);
    if (row.suspended === 1) throw new AppError(Errors.VIOLATION_STATE, { status: 'already suspended' });
    const now = this.now();
    if (!(await store.updateCaseFrom(this.deps.db, id, 'open', { suspended: 1, updated_at: now }))) throw new AppError(Errors.VIOLATION_STATE, { status: 'changed meanwhile' });
    const changed = await suspendSubject(this.deps, this.subjectOf(row), { caseId: id, by: by.userId, reason, now });
    await store.insertSuspensions(this.deps.db, changed);
    await store.insertEvent(this.deps.db, this.event(id, by.userId, 'suspended', reason, { targets: changed.map((c) => ({ kind: c.target_kind, id: c.target_id })) }, now));
    for (const target of changed) await this.auditTarget(by, target.target_kind, target.target_id, 'suspended', id, reason);
    await this.tell(row, { step: 'suspended' });
    return this.get(by, id);
  }

  async lift(id: string, by: UserPrincipal, reason: string): Promise<ViolationCaseView> {
    const row = await this.investigated(id);
    if (row.suspended !== 1) throw new AppError(Errors.VIOLATION_STATE, { status: 'not suspended' });
    await this.restore(row, by, reason);
    return this.get(by, id);
  }

  /**
   * The information administrator's decision. A termination waits for a second approver and
   * changes nothing until then; the others come into force at once, ending any suspension.
   */
  async decide(id: string, by: UserPrincipal, decision: CaseDecision): Promise<ViolationCaseView> {
    const row = await this.require(id);
    if (!canDecide(row.status as CaseStatus)) throw new AppError(Errors.VIOLATION_STATE, { status: row.status });
    const problem = decisionProblem(row.subject_kind as SubjectKind, decision.kind, decision.details);
    if (problem) throw new AppError(Errors.VIOLATION_DECISION_INVALID, { reason: problem });
    const now = this.now();
    const awaiting = needsSecondApproval(decision.kind);
    const moved = await store.updateCaseFrom(this.deps.db, id, 'open', {
      status: awaiting ? 'awaiting_approval' : statusAfterDecision(decision.kind),
      decision_kind: decision.kind,
      decision_details: decision.details?.trim() || null,
      decided_by: by.userId,
      decided_at: now,
      closed_at: !awaiting && decision.kind === 'no_violation' ? now : null,
      updated_at: now,
    });
    if (!moved) throw new AppError(Errors.VIOLATION_STATE, { status: 'changed meanwhile' });
    await store.insertEvent(this.deps.db, this.event(id, by.userId, awaiting ? 'decision_proposed' : 'decision_in_force', decision.reason, { kind: decision.kind, details: decision.details ?? null }, now));
    if (!awaiting) {
      await this.enforce({ ...row, decision_kind: decision.kind }, by, decision.reason);
      await this.tell(row, { step: 'decided', decision: decision.kind });
    }
    return this.get(by, id);
  }

  /** The second approver (四眼原则) confirms or sends back a proposed termination. */
  async approve(id: string, by: UserPrincipal, approve: boolean, reason: string): Promise<ViolationCaseView> {
    const row = await this.require(id);
    const problem = approvalProblem({ status: row.status as CaseStatus, subjectKind: row.subject_kind as SubjectKind, subjectId: row.subject_id, decidedBy: row.decided_by }, by.userId);
    if (problem) throw new AppError(Errors.VIOLATION_APPROVAL, { reason: problem });
    const now = this.now();
    const changes: Partial<ViolationCaseRow> = approve
      ? { status: statusAfterDecision(row.decision_kind as DecisionKind), approved_by: by.userId, approved_at: now, updated_at: now }
      : { status: 'open', decision_kind: null, decision_details: null, decided_by: null, decided_at: null, updated_at: now };
    if (!(await store.updateCaseFrom(this.deps.db, id, 'awaiting_approval', changes))) throw new AppError(Errors.VIOLATION_STATE, { status: 'changed meanwhile' });
    await store.insertEvent(this.deps.db, this.event(id, by.userId, approve ? 'decision_approved' : 'decision_rejected', reason, { kind: row.decision_kind }, now));
    if (approve) {
      await store.insertEvent(this.deps.db, this.event(id, by.userId, 'decision_in_force', reason, { kind: row.decision_kind, details: row.decision_details, decidedBy: row.decided_by }, now));
      await this.enforce(row, by, reason);
      await this.tell(row, { step: 'decided', decision: row.decision_kind as DecisionKind });
    }
    return this.get(by, id);
  }

  /** The subject's appeal note (申诉); recorded on the case and shown to the handlers. */
  async appeal(id: string, by: UserPrincipal, text: string): Promise<ViolationCaseView> {
    const row = await store.findCase(this.deps.db, id);
    if (!row || this.readAs(by, row) !== 'subject') throw new AppError(Errors.VIOLATION_NOT_FOUND);
    if (!canAppeal(row.status as CaseStatus)) throw new AppError(Errors.VIOLATION_STATE, { status: row.status });
    await store.insertEvent(this.deps.db, this.event(id, by.userId, 'appeal', text.trim(), {}, this.now()));
    await this.touch(row);
    return this.get(by, id);
  }

  /** Ends a decided case (after any appeal has been heard); nothing more can be added to it. */
  async close(id: string, by: UserPrincipal, reason: string): Promise<ViolationCaseView> {
    const row = await this.require(id);
    if (row.status !== 'decided') throw new AppError(Errors.VIOLATION_STATE, { status: row.status });
    const now = this.now();
    if (!(await store.updateCaseFrom(this.deps.db, id, 'decided', { status: 'closed', closed_at: now, updated_at: now }))) throw new AppError(Errors.VIOLATION_STATE, { status: 'changed meanwhile' });
    await store.insertEvent(this.deps.db, this.event(id, by.userId, 'closed', reason, {}, now));
    await this.tell(row, { step: 'closed' });
    return this.get(by, id);
  }

  /** The violation section of the quarterly report for [from, to). */
  async statistics(from: string, to: string): Promise<ViolationStatistics> {
    const facts = await store.periodFacts(this.deps.db, from, to);
    return violationStatistics(facts.opened, facts.events);
  }

  private async enforce(row: ViolationCaseRow, by: UserPrincipal, reason: string): Promise<void> {
    const kind = row.decision_kind as DecisionKind;
    if (isFinal(kind)) {
      await terminateSubject(this.deps, this.subjectOf(row), { caseId: row.id, by: by.userId, reason, now: this.now() });
      await store.markRestored(this.deps.db, row.id, this.now());
      await this.auditTarget(by, row.subject_kind, row.subject_id, 'terminated', row.id, reason);
      return;
    }
    if (row.suspended === 1) await this.restore(row, by, `decision ${kind}: suspension ends`);
  }

  private async restore(row: ViolationCaseRow, by: UserPrincipal, reason: string): Promise<void> {
    const now = this.now();
    const suspended = await store.activeSuspensions(this.deps.db, row.id);
    await liftSuspension(this.deps, suspended, { caseId: row.id, by: by.userId, reason, now });
    await store.markRestored(this.deps.db, row.id, now);
    await this.deps.db.updateTable('violation_cases').set({ suspended: 0, updated_at: now }).where('id', '=', row.id).execute();
    await store.insertEvent(this.deps.db, this.event(row.id, by.userId, 'suspension_lifted', reason, { targets: suspended.map((s) => ({ kind: s.target_kind, id: s.target_id })) }, now));
    for (const target of suspended) await this.auditTarget(by, target.target_kind, target.target_id, 'restored', row.id, reason);
  }

  /** Notices go out after the step is recorded; a failing notifier never undoes or blocks it. */
  private async tell(row: ViolationCaseRow, step: NoticeStep): Promise<void> {
    const planned = violationNotice(row.subject_kind as SubjectKind, step);
    if (!planned || !this.deps.notify) return;
    try {
      // A user hears of their own case whatever their account's status; a department through its heads.
      const userIds = row.subject_kind === 'user' ? [row.subject_id] : await store.departmentHeads(this.deps.db, row.subject_id);
      if (userIds.length) await this.deps.notify({ userIds, kind: planned.kind, caseId: row.id, title: planned.title });
    } catch {
      // Best effort, as in the suggestion channel: the case's history is the record.
    }
  }

  private async auditTarget(by: UserPrincipal, kind: string, id: string, change: string, caseId: string, reason: string): Promise<void> {
    await this.deps.audit({
      actor: { type: 'user', id: by.userId, name: by.username, roles: [...by.roles], departmentId: by.departmentId },
      action: kind === 'grant' ? (change === 'restored' ? 'update' : 'revoke') : 'update',
      objectType: kind,
      objectId: id,
      grantId: kind === 'grant' ? id : null,
      outcome: 'success',
      reason: `violation case ${caseId}: ${change}`,
      details: { violationCase: caseId, change, reason: reason.slice(0, 500) },
    });
  }

  private async require(id: string): Promise<ViolationCaseRow> {
    const row = await store.findCase(this.deps.db, id);
    if (!row) throw new AppError(Errors.VIOLATION_NOT_FOUND);
    return row;
  }

  private async investigated(id: string): Promise<ViolationCaseRow> {
    const row = await this.require(id);
    if (!isUnderInvestigation(row.status as CaseStatus)) throw new AppError(Errors.VIOLATION_STATE, { status: row.status });
    return row;
  }

  private async touch(row: ViolationCaseRow): Promise<void> {
    await this.deps.db.updateTable('violation_cases').set({ updated_at: this.now() }).where('id', '=', row.id).execute();
  }

  private event(caseId: string, actorId: string, kind: string, text: string | null, data: Record<string, unknown>, at: string) {
    return { id: eventId(at), case_id: caseId, at, actor_id: actorId, kind, text, data: JSON.stringify(data) };
  }

  private subjectOf(row: ViolationCaseRow): Subject {
    return { kind: row.subject_kind as SubjectKind, id: row.subject_id };
  }

  /** The subjects a reader answers for: themselves, and as department head their department. */
  private subjectsOf(reader: UserPrincipal): { kind: string; id: string }[] {
    const subjects = [{ kind: 'user', id: reader.userId }];
    if (reader.roles.includes('dept_head') && reader.departmentId) subjects.push({ kind: 'department', id: reader.departmentId });
    return subjects;
  }

  private readAs(reader: UserPrincipal, row: ViolationCaseRow): 'supervisor' | 'subject' | null {
    if (isSupervisor(reader)) return 'supervisor';
    return this.subjectsOf(reader).some((s) => s.kind === row.subject_kind && s.id === row.subject_id) ? 'subject' : null;
  }

  private async subjectName(subject: Subject): Promise<string> {
    if (subject.kind === 'user') {
      const user = await this.deps.org.users.view(subject.id);
      if (!user) throw new AppError(Errors.USER_NOT_FOUND);
      return `${user.displayName} (${user.username})`;
    }
    if (subject.kind === 'department') return (await this.deps.departments.get(subject.id)).name.zh;
    return (await this.deps.org.institutions.get(subject.id)).name.zh;
  }

  private async checkEvidence(caseId: string, input: EvidenceInput | undefined, by: string, now: string): Promise<ViolationEvidenceRow[]> {
    const seqs = [...new Set(input?.auditSeqs ?? [])];
    const alerts = [...new Set(input?.alertIds ?? [])];
    const size = seqs.length ? await this.deps.auditTreeSize() : 0;
    const known = alerts.length && this.deps.existingAlerts ? await this.deps.existingAlerts(alerts) : new Set<string>();
    const missing = [...seqs.filter((seq) => seq >= size).map((seq) => `audit entry ${seq}`), ...alerts.filter((id) => !known.has(id)).map((id) => `alert ${id}`)];
    if (missing.length) throw new AppError(Errors.VIOLATION_EVIDENCE_INVALID, { missing: missing.join(', ') });
    const note = input?.note?.trim() || null;
    return [...seqs.map((seq) => ({ case_id: caseId, kind: 'audit_entry', ref: String(seq), note, added_by: by, added_at: now })), ...alerts.map((id) => ({ case_id: caseId, kind: 'alert', ref: id, note, added_by: by, added_at: now }))];
  }

  private async names(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.deps.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
