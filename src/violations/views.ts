import { DECISION_LABELS, type CaseStatus, type DecisionKind, type SubjectKind } from './rules.js';
import type { ViolationCaseRow, ViolationEventRow, ViolationEvidenceRow } from './tables.js';

export interface PersonRef {
  id: string;
  name: string | null;
}

export interface ViolationCaseSummary {
  id: string;
  subject: { kind: SubjectKind; id: string; name: string };
  title: string;
  status: CaseStatus;
  openedAt: string;
  openedBy: PersonRef;
  suspended: boolean;
  decision: {
    kind: DecisionKind;
    label: { zh: string; en: string };
    details: string | null;
    decidedBy: PersonRef;
    decidedAt: string;
    approvedBy: PersonRef | null;
    approvedAt: string | null;
  } | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface ViolationCaseView extends ViolationCaseSummary {
  description: string;
  evidence: { kind: 'audit_entry' | 'alert'; ref: string; note: string | null; addedBy: PersonRef; addedAt: string }[];
  /** The case's history. For the subject, only the steps that concern them: no investigation notes. */
  history: { id: string; at: string; actor: PersonRef; kind: string; text: string | null; data: Record<string, unknown> }[];
  /** Whether the reader sees the case as its subject (limited) or as a supervisor. */
  readAs: 'supervisor' | 'subject';
}

/** The steps a subject is told about; notes, evidence additions and rejected proposals stay with the investigators. */
const SUBJECT_EVENTS = new Set(['opened', 'suspended', 'suspension_lifted', 'decision_in_force', 'appeal', 'closed']);

export function summaryOf(row: ViolationCaseRow, names: ReadonlyMap<string, string>): ViolationCaseSummary {
  const person = (id: string): PersonRef => ({ id, name: names.get(id) ?? null });
  const kind = row.decision_kind as DecisionKind | null;
  return {
    id: row.id,
    subject: { kind: row.subject_kind as SubjectKind, id: row.subject_id, name: row.subject_name },
    title: row.title,
    status: row.status as CaseStatus,
    openedAt: row.opened_at,
    openedBy: person(row.opened_by),
    suspended: row.suspended === 1,
    decision:
      kind && row.decided_by && row.decided_at
        ? { kind, label: DECISION_LABELS[kind], details: row.decision_details, decidedBy: person(row.decided_by), decidedAt: row.decided_at, approvedBy: row.approved_by ? person(row.approved_by) : null, approvedAt: row.approved_at }
        : null,
    closedAt: row.closed_at,
    updatedAt: row.updated_at,
  };
}

export function viewOf(row: ViolationCaseRow, evidence: readonly ViolationEvidenceRow[], events: readonly ViolationEventRow[], names: ReadonlyMap<string, string>, readAs: 'supervisor' | 'subject'): ViolationCaseView {
  const person = (id: string): PersonRef => ({ id, name: names.get(id) ?? null });
  const summary = summaryOf(row, names);
  // A subject sees a proposed termination only once it is in force.
  const decision = readAs === 'subject' && row.status === 'awaiting_approval' ? null : summary.decision;
  return {
    ...summary,
    decision,
    description: row.description,
    evidence: evidence.map((e) => ({ kind: e.kind as 'audit_entry' | 'alert', ref: e.ref, note: readAs === 'supervisor' ? e.note : null, addedBy: person(e.added_by), addedAt: e.added_at })),
    history: events
      .filter((event) => readAs === 'supervisor' || SUBJECT_EVENTS.has(event.kind))
      .map((event) => ({ id: event.id, at: event.at, actor: person(event.actor_id), kind: event.kind, text: event.text, data: JSON.parse(event.data) as Record<string, unknown> })),
    readAs,
  };
}
